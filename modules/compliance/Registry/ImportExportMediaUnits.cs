using MiniExcelLibs;
using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.Compliance.Registry;

public sealed record MediaUnitImportResult(int Created, int Updated);

/// <summary>Registers (or, by credit code, changes) media units from a workbook: all rows or none, unless
/// <paramref name="ValidRowsOnly"/>. Linked accounts are kept as they are.</summary>
[RequiresPermission(CompliancePermissions.Registry)]
internal sealed record ImportMediaUnits(IReadOnlyList<MediaUnitSheet.Row> Rows, bool ValidRowsOnly) : ICommand<MediaUnitImportResult>;

/// <summary>上传并检查: every error the import would meet, from the import's own plan, storing nothing (docs/adr/0022).</summary>
[RequiresPermission(CompliancePermissions.Registry)]
internal sealed record CheckMediaUnitWorkbook(IReadOnlyList<MediaUnitSheet.Row> Rows) : IRequest<IReadOnlyList<Violation>>;

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record ExportMediaUnits : IRequest<IReadOnlyList<IDictionary<string, object?>>>;

internal sealed class ImportMediaUnitsHandler(IDocumentSession session, ICallerScope scope, IMediator mediator)
    : IRequestHandler<ImportMediaUnits, MediaUnitImportResult>, IRequestHandler<CheckMediaUnitWorkbook, IReadOnlyList<Violation>>,
      IRequestHandler<ExportMediaUnits, IReadOnlyList<IDictionary<string, object?>>>
{
    public async Task<IReadOnlyList<Violation>> Handle(CheckMediaUnitWorkbook query, CancellationToken ct) => (await PlanAsync(query.Rows, ct)).Errors;

    public async Task<MediaUnitImportResult> Handle(ImportMediaUnits command, CancellationToken ct)
    {
        var (units, places, existing, errors) = await PlanAsync(command.Rows, ct);
        if (errors.Count > 0 && (!command.ValidRowsOnly || units.Count == 0)) throw new RuleViolationException(errors);
        var (created, updated) = (0, 0);
        foreach (var input in units)
        {
            var code = CreditCode.Normalize(input.CreditCode);
            var unit = existing.GetValueOrDefault(code);
            if (unit is null) { unit = new MediaUnit { Id = Guid.CreateVersion7() }; created++; }
            else updated++;
            MediaUnitHandlers.Apply(unit, input, places[input.Supervisor], unit.Accounts);
            session.Store(unit);
        }
        await session.SaveChangesAsync(ct);
        return new MediaUnitImportResult(created, updated);
    }

    // The units the rows register (or change), the supervisors' places, the units already registered under those codes,
    // and every bad row's errors.
    private async Task<(List<SaveMediaUnit> Units, Dictionary<Guid, OrgPlace> Places, Dictionary<string, MediaUnit> Existing, List<Violation> Errors)>
        PlanAsync(IReadOnlyList<MediaUnitSheet.Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0) throw new RuleViolationException("file", "文件中没有数据行", "The file has no data rows");
        var errors = new List<Violation>();
        if (rows.Count > MediaUnitSheet.MaxRows) errors.Add(new("file", $"一次最多导入 {MediaUnitSheet.MaxRows} 行", $"At most {MediaUnitSheet.MaxRows} rows per import"));
        var byCode = (await mediator.Send(new GetOrgUnitsByCode(rows.Select(r => r.Supervisor).Where(c => c.Length > 0).Distinct().ToList()), ct))
            .ToDictionary(u => u.Code);
        var places = new Dictionary<Guid, OrgPlace>();
        foreach (var unit in byCode.Values)
            if (await scope.PlaceOfAsync(unit.Id.Value, ct) is { } place && place.Unit.Active && await scope.CoversAsync(place.Path, ct)) places[place.Id] = place;
        var codes = rows.Select(r => CreditCode.Normalize(r.Code)).Distinct().ToArray();
        var existing = (await (await session.QueryInScopeAsync<MediaUnit>(scope, ct)).Where(u => u.CreditCode.IsOneOf(codes)).ToListAsync(ct))
            .ToDictionary(u => u.CreditCode);
        var units = new List<SaveMediaUnit>();
        var seen = new Dictionary<string, int>();
        foreach (var row in rows.Take(MediaUnitSheet.MaxRows))
        {
            Guid? supervisor = byCode.TryGetValue(row.Supervisor, out var s) && places.ContainsKey(s.Id.Value) ? s.Id.Value : null;
            var (unit, rowErrors) = MediaUnitSheet.Parse(row, supervisor);
            var code = CreditCode.Normalize(row.Code);
            if (unit is not null && seen.TryGetValue(code, out var first))
                rowErrors.Add(new($"rows[{row.Number}].creditCode", $"第 {row.Number} 行：统一社会信用代码与第 {first} 行重复",
                    $"Row {row.Number}: the credit code repeats row {first}"));
            errors.AddRange(rowErrors);
            if (rowErrors.Count > 0 || unit is null) continue;
            seen[code] = row.Number;
            units.Add(unit);
        }
        return (units, places, existing, errors);
    }

    public async Task<IReadOnlyList<IDictionary<string, object?>>> Handle(ExportMediaUnits request, CancellationToken ct)
    {
        var units = await (await session.QueryInScopeAsync<MediaUnit>(scope, ct)).OrderBy(u => u.Name).ToListAsync(ct);
        var codes = units.Count == 0 ? new Dictionary<Guid, string>()
            : (await mediator.Send(new GetOrgUnits(units.Select(u => new OrgUnitId(u.Supervisor)).Distinct().ToList()), ct)).ToDictionary(u => u.Id.Value, u => u.Code);
        return MediaUnitSheet.Rows(units.Select(u => (u, codes.GetValueOrDefault(u.Supervisor, "")))).ToList();
    }
}

internal static class MediaUnitEndpoints
{
    public sealed record Body(string? Name, string? CreditCode, MediaUnitKind? Kind, decimal? NonPublicShare, NegativeListCategory? Category,
        string? BusinessScope, DateOnly? FiledOn, MediaUnitStatus? Status, string? Notes, Guid? Supervisor, IReadOnlyList<Guid>? Accounts)
    {
        public SaveMediaUnit For(Guid? id) => new(id, Name ?? "", CreditCode ?? "", Kind ?? MediaUnitKind.Company, NonPublicShare ?? 0,
            Category ?? NegativeListCategory.Permitted, BusinessScope, FiledOn ?? default, Status ?? MediaUnitStatus.Active, Notes, Supervisor ?? Guid.Empty, Accounts);
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/media-units", async (Body body, IMediator m, CancellationToken ct) =>
            {
                var unit = await m.Send(body.For(null), ct);
                return Results.Created($"/api/compliance/media-units/{unit.Id}", unit);
            })
            .RequirePermission(CompliancePermissions.Registry).WithSummary("Register a media unit with non-public capital (传媒领域非公有资本)")
            .Produces<MediaUnitView>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapPut("/media-units/{id:guid}", async (Guid id, Body body, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(body.For(id), ct)))
            .RequirePermission(CompliancePermissions.Registry).WithSummary("Change a media unit").Produces<MediaUnitView>().ProducesValidationProblem();
        routes.MapGet("/media-units", async (NegativeListCategory? category, string? text, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ListMediaUnits(category, text, page ?? 1, pageSize ?? 50), ct)))
            .RequirePermission(CompliancePermissions.Read)
            .WithSummary("The caller's media units by name. Paged: `page` (from 1) and `pageSize` (50 by default, at most 200)").Produces<Page<MediaUnitRow>>();
        routes.MapGet("/media-units/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetMediaUnit(id), ct)))
            .RequirePermission(CompliancePermissions.Read).WithSummary("A media unit with its linked accounts").Produces<MediaUnitView>();
        routes.MapGet("/media-units/export", async (IMediator m, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(MediaUnitSheet.Layout.Rows(await m.Send(new ExportMediaUnits(), ct)), "传媒领域非公有资本登记.xlsx"))
            .RequirePermission(CompliancePermissions.Read).WithSummary("The caller's media units as a workbook in the import layout");
        routes.MapGet("/media-units/import/template", () => NetInfoSuite.Ui.ExportCells.File(MediaUnitSheet.Layout.Template(), "传媒领域非公有资本登记导入模板.xlsx"))
            .RequirePermission(CompliancePermissions.Registry).WithSummary("The import's workbook with its header row and one example line");
        routes.MapPost("/media-units/import", async (IFormFile? file, bool? validRowsOnly, IMediator m, CancellationToken ct) =>
            {
                if (file is null || file.Length == 0) throw new RuleViolationException("file", "请上传 Excel 文件", "Upload an Excel file");
                if (file.Length > 20 * 1024 * 1024) throw new RuleViolationException("file", "文件不能超过 20 MB", "The file must not exceed 20 MB");
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                buffer.Position = 0;
                return Results.Ok(await m.Send(new ImportMediaUnits(MediaUnitSheet.Read(buffer), validRowsOnly ?? false), ct));
            })
            .RequirePermission(CompliancePermissions.Registry)
            .WithSummary("Register or change media units from a workbook (by credit code); any bad row rejects the file unless validRowsOnly=true")
            .Produces<MediaUnitImportResult>().ProducesValidationProblem().DisableAntiforgery();
    }
}
