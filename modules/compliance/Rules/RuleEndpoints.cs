namespace NetInfoSuite.Modules.Compliance.Rules;

internal static class RuleEndpoints
{
    public sealed record Body(string? DocumentNumber, string? Title, string? IssuingBody, DateOnly? IssuedOn, DateOnly? EffectiveOn, DateOnly? RepealedOn,
        RuleStatus? Status, Guid? SupersededBy, string? Text, IReadOnlyList<Guid>? Units, string? Note)
    {
        public SaveRule For(Guid? id) => new(id, DocumentNumber ?? "", Title ?? "", IssuingBody ?? "", IssuedOn, EffectiveOn, RepealedOn,
            Status ?? RuleStatus.Draft, SupersededBy, Text, Units, Note);
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/rules", async (Body body, IMediator m, CancellationToken ct) =>
            {
                var rule = await m.Send(body.For(null), ct);
                return Results.Created($"/api/compliance/rules/{rule.Id}", rule);
            })
            .RequirePermission(CompliancePermissions.Rules).WithSummary("Keep a new rule (制度) for the caller's office, its full text typed")
            .Produces<RuleView>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapPut("/rules/{id:guid}", async (Guid id, Body body, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(body.For(id), ct)))
            .RequirePermission(CompliancePermissions.Rules).WithSummary("Change a rule; a changed text becomes a new version")
            .Produces<RuleView>().ProducesValidationProblem();
        routes.MapPost("/rules/{id:guid}/docx", async (Guid id, IFormFile? file, string? note, IMediator m, CancellationToken ct) =>
            {
                if (file is null || file.Length == 0) throw new RuleViolationException("file", "请选择 Word 文件", "Choose a Word document");
                if (file.Length > StoredFiles.MaxBytes) throw new RuleViolationException("file", "Word 文件不能超过 10 MB", "The Word document must not exceed 10 MB");
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                var rule = await m.Send(new GetRule(id), ct);
                return Results.Ok(await m.Send(new SaveRule(id, rule.DocumentNumber, rule.Title, rule.IssuingBody, rule.IssuedOn, rule.EffectiveOn,
                    rule.RepealedOn, rule.Status, rule.SupersededBy?.Id, null, rule.Units.Select(u => u.Id).ToList(), note)
                    { Docx = buffer.ToArray(), DocxName = file.FileName }, ct));
            })
            .RequirePermission(CompliancePermissions.Rules)
            .WithSummary("A new version of the rule read from a Word document (.docx, up to 10 MB); the file is kept with the version")
            .Produces<RuleView>().ProducesValidationProblem().DisableAntiforgery();
        routes.MapGet("/rules", async (string? q, RuleStatus? status, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new SearchRules(q, status, page ?? 1, pageSize ?? 20), ct)))
            .RequirePermission(CompliancePermissions.Read)
            .WithSummary("The rules the caller reads. `q`: words of two characters or more, all of which must occur (title hits first, each with a " +
                "marked excerpt); without it, newest first. Paged: `page` (from 1), `pageSize` (20 by default, at most 100). With a word of three " +
                "characters or more, `total` counts at most 1,001 (1,001 means more than 1,000)")
            .Produces<Page<RuleHit>>().ProducesValidationProblem();
        routes.MapGet("/rules/export", async (string? q, RuleStatus? status, IMediator m, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(RuleSheet.Rows(await m.Send(new ExportRules(q, status), ct)), "制度库.xlsx"))
            .RequirePermission(CompliancePermissions.Read)
            .WithSummary("The rules list as a workbook, with the list's search (`q`) and `status`, in the list's order, at most 10,000").ProducesValidationProblem();
        routes.MapGet("/rules/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetRule(id), ct)))
            .RequirePermission(CompliancePermissions.Read).WithSummary("A rule with its full text and versions").Produces<RuleView>();
        routes.MapGet("/rules/{id:guid}/diff", async (Guid id, int? from, int? to, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new CompareRuleVersions(id, from ?? 1, to ?? 1), ct)))
            .RequirePermission(CompliancePermissions.Read).WithSummary("Two versions of a rule compared, paragraph by paragraph")
            .Produces<RuleDiffView>().ProducesValidationProblem();
        routes.MapGet("/rules/{id:guid}/files/{fileId:guid}", async (Guid id, Guid fileId, IMediator m, CancellationToken ct) =>
            {
                var (info, content) = await m.Send(new GetRuleFile(id, fileId), ct);
                return Results.File(content, info.ContentType, info.Name);
            })
            .RequirePermission(CompliancePermissions.Read).WithSummary("The Word document a version of the rule was read from");
    }
}
