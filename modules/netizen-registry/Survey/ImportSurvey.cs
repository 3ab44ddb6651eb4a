using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Modules.NetizenRegistry.Profiles;

namespace NetInfoSuite.Modules.NetizenRegistry.Survey;

public sealed record SurveyImportResult(int Registered, int OfferedForMerge);

/// <summary>Registers the 摸底调查 workbook's personalities: every row or none, unless <paramref name="ValidRowsOnly"/>. A row
/// whose platform and handle, or mobile number (through the blind index), matches a registered personality or an
/// earlier row is registered as a possible duplicate of it and offered for merging, never silently doubled.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record ImportSurvey(IReadOnlyList<SurveySheet.Row> Rows, bool ValidRowsOnly) : ICommand<SurveyImportResult>
{
    public override string ToString() => $"ImportSurvey {{ Rows = {Rows.Count} }}"; // the rows hold personal data
}

/// <summary>What the import would do, without doing it: the errors of every row (the console's check, ADR 0022).</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record CheckSurvey(IReadOnlyList<SurveySheet.Row> Rows) : IRequest<IReadOnlyList<Violation>>
{
    public override string ToString() => $"CheckSurvey {{ Rows = {Rows.Count} }}";
}

internal sealed class ImportSurveyHandler(IDocumentSession session, IMediator mediator, ICallerScope scope, ICaller caller, TimeProvider time,
    IOfficeClock clock, PersonalData data) : IRequestHandler<ImportSurvey, SurveyImportResult>, IRequestHandler<CheckSurvey, IReadOnlyList<Violation>>
{
    public async Task<SurveyImportResult> Handle(ImportSurvey command, CancellationToken ct)
    {
        var (profiles, records, errors) = await PlanAsync(command.Rows, ct);
        if (errors.Count > 0 && (!command.ValidRowsOnly || profiles.Count == 0)) throw new RuleViolationException(errors);
        session.Store(profiles.ToArray());
        session.Store(records.ToArray());
        await session.SaveChangesAsync(ct);
        return new SurveyImportResult(profiles.Count, profiles.Count(p => p.PossibleDuplicateOf is not null));
    }

    public async Task<IReadOnlyList<Violation>> Handle(CheckSurvey query, CancellationToken ct) => (await PlanAsync(query.Rows, ct)).Errors;

    // The profiles the rows register (duplicates marked), their collection records, and every bad row's errors.
    private async Task<(List<Profile> Profiles, List<ProcessingRecord> Records, List<Violation> Errors)> PlanAsync(IReadOnlyList<SurveySheet.Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0) throw new RuleViolationException("file", "文件中没有数据行", "The file has no data rows");
        if (rows.Count > SurveySheet.MaxRows) throw new RuleViolationException("file", $"一次最多导入 {SurveySheet.MaxRows} 行", $"At most {SurveySheet.MaxRows} rows per import");
        var places = new Dictionary<string, OrgPlace>();
        foreach (var unit in await mediator.Send(new GetOrgUnitsByCode(rows.Select(r => r.Cell(SurveySheet.UnitCode)).Distinct().ToList()), ct))
            if (await scope.PlaceOfAsync(unit.Id.Value, ct) is { } place && await scope.CoversAsync(place.Path, ct)) places[unit.Code] = place;
        var units = places.ToDictionary(p => p.Key, p => p.Value.Id);
        var existing = await (await session.QueryInScopeAsync<Profile>(scope, ct)).Where(p => p.AnonymisedAt == null).ToListAsync(ct);
        var byHandle = new Dictionary<(NetizenPlatform, string), Guid>();
        var byMobile = new Dictionary<string, Guid>();
        void Know(Profile p)
        {
            foreach (var x in p.Platforms) byHandle.TryAdd((x.Platform, x.Handle), p.Id);
            if (p.MobileIndex is { } index) byMobile.TryAdd(index, p.Id);
        }
        foreach (var profile in existing) Know(profile);
        var (profiles, records, errors, now, today) = (new List<Profile>(), new List<ProcessingRecord>(), new List<Violation>(), time.GetUtcNow(), clock.Today);
        foreach (var row in rows)
        {
            var (register, rowErrors) = SurveySheet.Parse(row, units);
            if (register is null) { errors.AddRange(rowErrors); continue; }
            var (profile, collected) = ProfileRules.New(register, places[row.Cell(SurveySheet.UnitCode)], caller.Login, now, today, data, "摸底调查导入");
            profile.PossibleDuplicateOf = profile.Platforms.Select(x => byHandle.TryGetValue((x.Platform, x.Handle), out var id) ? id : (Guid?)null).FirstOrDefault(id => id is not null)
                ?? (profile.MobileIndex is { } index && byMobile.TryGetValue(index, out var same) ? same : null);
            Know(profile);
            profiles.Add(profile);
            if (collected is not null) records.Add(collected);
        }
        return (profiles, records, errors);
    }
}

internal static class SurveyEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/profiles/import/template", () => NetInfoSuite.Ui.ExportCells.File(SurveySheet.Layout.Template(), "摸底调查导入模板.xlsx"))
            .RequirePermission(NetizenRegistryPermissions.Manage)
            .WithSummary("The survey import's workbook with its header row and one example line");
        routes.MapPost("/profiles/import", async (IFormFile? file, bool? validRowsOnly, IMediator mediator, CancellationToken ct) =>
            {
                if (file is null || file.Length == 0) throw new RuleViolationException("file", "请上传 Excel 文件", "Upload an Excel file");
                if (file.Length > 10 * 1024 * 1024) throw new RuleViolationException("file", "文件不能超过 10 MB", "The file must not exceed 10 MB");
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                buffer.Position = 0;
                return Results.Ok(await mediator.Send(new ImportSurvey(SurveySheet.Read(buffer), validRowsOnly ?? false), ct));
            })
            .RequirePermission(NetizenRegistryPermissions.Manage)
            .WithSummary("Import the 摸底调查 workbook (网名, 领域, 联系单位编码, 平台, 平台账号, 粉丝数, 真实姓名, 手机号码 …); duplicates are offered for merging")
            .Produces<SurveyImportResult>().ProducesValidationProblem().DisableAntiforgery();
    }
}
