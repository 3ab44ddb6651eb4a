namespace NetInfoSuite.Modules.Inspection.Scoring;

internal static class ScoreEndpoints
{
    public sealed record EntryBody(double? Score, int? Findings, bool? Vetoed, string? Comment, string? Evidence);

    /// <summary>The uploaded files as evidence, each read no further than the limit: the validator refuses one that reached it.</summary>
    public static async Task<List<EvidenceUpload>> ReadEvidenceAsync(IEnumerable<IFormFile> files, CancellationToken ct)
    {
        var uploads = new List<EvidenceUpload>();
        var buffer = new byte[81920];
        foreach (var file in files)
        {
            using var content = new MemoryStream();
            await using (var stream = file.OpenReadStream())
            {
                int read;
                while (content.Length <= EvidenceFile.MaxBytes
                       && (read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, EvidenceFile.MaxBytes + 1 - content.Length)), ct)) > 0)
                    await content.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            uploads.Add(new EvidenceUpload(file.FileName, content.ToArray()));
        }
        return uploads;
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/plans/{id:guid}/scores", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetScoreSheet(id), ct)))
            .RequirePermission(InspectionPermissions.Read)
            .WithSummary("Every target's total, grade and rank in its group (recomputed from the figures for open cards; kept for final ones)")
            .Produces<ScoreSheet>();
        routes.MapGet("/plans/{id:guid}/scores/export", async (Guid id, IMediator m, CancellationToken ct) =>
            {
                var sheet = await m.Send(new GetScoreSheet(id), ct);
                return NetInfoSuite.Ui.ExportCells.File(ScoreWorkbook.Rows(sheet), $"{sheet.Plan.Year}{sheet.Plan.Name}考评结果.xlsx");
            })
            .RequirePermission(InspectionPermissions.Read).WithSummary("The score sheet as a workbook: one row per target with each indicator's points");
        routes.MapGet("/plans/{id:guid}/cards/{unit:guid}", async (Guid id, Guid unit, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new GetScoreCard(id, unit), ct)))
            .RequirePermission(InspectionPermissions.Read)
            .WithSummary("A target's score card: each indicator's figure, where it came from, points and entry; total, grade, rank, last year")
            .Produces<CardView>();
        routes.MapPut("/plans/{id:guid}/cards/{unit:guid}/entries/{indicator:guid}",
                async (Guid id, Guid unit, Guid indicator, EntryBody body, IMediator m, CancellationToken ct) =>
                    Results.Ok(await m.Send(new EnterScore(id, unit, indicator, body.Score, body.Findings ?? 0, body.Vetoed ?? false, body.Comment, body.Evidence), ct)))
            .RequirePermission(InspectionPermissions.Score)
            .WithSummary("Score one indicator of a target: a score (manual, bonus, fallback), a deduction's findings or a veto's failure, with a comment")
            .Produces<CardView>().ProducesValidationProblem();
        routes.MapPost("/plans/{id:guid}/cards/{unit:guid}/entries/{indicator:guid}/files",
                async (Guid id, Guid unit, Guid indicator, IFormFileCollection? files, IMediator m, CancellationToken ct) =>
                {
                    return Results.Ok(await m.Send(new AttachEvidence(id, unit, indicator, await ReadEvidenceAsync(files ?? new FormFileCollection(), ct)), ct));
                })
            .RequirePermission(InspectionPermissions.Score).DisableAntiforgery()
            .WithSummary("佐证材料: attach files (multipart `files`: PDF, PNG, JPEG, WebP, .docx, .xlsx; 10 MB each, 10 per indicator) to an open card's indicator")
            .Produces<CardView>().ProducesValidationProblem();
        routes.MapGet("/plans/{id:guid}/evidence/{file:guid}", async (Guid id, Guid file, IMediator m, CancellationToken ct) =>
            {
                var evidence = await m.Send(new GetEvidence(id, file), ct);
                return Results.File(evidence.Content, evidence.ContentType, evidence.Name);
            })
            .RequirePermission(InspectionPermissions.Read).WithSummary("An evidence file of a card, as a download");
        routes.MapPost("/plans/{id:guid}/cards/{unit:guid}/finalise", async (Guid id, Guid unit, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new FinaliseCard(id, unit), ct)))
            .RequirePermission(InspectionPermissions.Score)
            .WithSummary("Finalise a target's card: its figures are kept as read now, so later changes elsewhere never rewrite it").Produces<CardView>();
        routes.MapPost("/plans/{id:guid}/publish", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new PublishResults(id), ct)))
            .RequirePermission(InspectionPermissions.Publish)
            .WithSummary("Publish the results: every open card is finalised and the plan no longer changes").Produces<ScoreSheet>();
    }
}

/// <summary>The score sheet's workbook: group, rank, target, each leaf indicator's points, base, bonus, total, grade.</summary>
internal static class ScoreWorkbook
{
    public static IEnumerable<IDictionary<string, object?>> Rows(ScoreSheet sheet)
    {
        var leaves = sheet.Plan.Indicators.Where(i => i.Leaf).ToList();
        foreach (var group in sheet.Groups)
            foreach (var row in group.Rows)
            {
                var line = new Dictionary<string, object?> { ["分组"] = group.Name, ["名次"] = row.Rank, ["考评对象"] = row.UnitName };
                // Numbered, as two indicators under different headings may share a name.
                for (var i = 0; i < leaves.Count; i++)
                    line[$"{i + 1}. {leaves[i].Name}"] = leaves[i].Method == ScoringMethod.Veto
                        ? (row.FailedVetoes.Contains(leaves[i].Id) ? "否决" : "通过")
                        : row.Points.GetValueOrDefault(leaves[i].Id) is { } p ? Math.Round(p, 2) : null;
                line["基础得分"] = Math.Round(row.Base, 2);
                line["加分"] = Math.Round(row.Bonus, 2);
                line["总分"] = Math.Round(row.Total, 2);
                line["等次"] = row.Grade;
                line["单项否决"] = row.Vetoed ? "是" : "否";
                line["待评分项"] = row.Pending;
                line["已确认"] = row.Final ? "是" : "否";
                line["上年总分"] = row.LastYear is { } t ? Math.Round(t, 2) : null;
                yield return line;
            }
    }
}
