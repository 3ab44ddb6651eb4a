using MiniExcelLibs;
using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.GridDispatch.Groups;

public sealed record GroupImportResult(int Created, int Skipped);

/// <summary>Registers groups from a workbook. All rows or none, unless <paramref name="ValidRowsOnly"/>: then the
/// good rows go in and the bad ones are reported. A group already registered (same name, same unit) is skipped.</summary>
[RequiresPermission(GridDispatchPermissions.ManageGroups)]
internal sealed record ImportGroups(IReadOnlyList<GroupSheet.Row> Rows, bool ValidRowsOnly) : ICommand<GroupImportResult>;

/// <summary>上传并检查: every error the import would meet, from the same plan, storing nothing.</summary>
[RequiresPermission(GridDispatchPermissions.ManageGroups)]
internal sealed record CheckGroupWorkbook(IReadOnlyList<GroupSheet.Row> Rows) : IRequest<IReadOnlyList<Violation>>;

internal sealed class ImportGroupsHandler(IDocumentSession session, ICallerScope scope, IMediator mediator, TimeProvider clock)
    : IRequestHandler<ImportGroups, GroupImportResult>, IRequestHandler<CheckGroupWorkbook, IReadOnlyList<Violation>>
{
    public async Task<IReadOnlyList<Violation>> Handle(CheckGroupWorkbook query, CancellationToken ct) => (await PlanAsync(query.Rows, ct)).Errors;

    // The groups the rows register with their places, and every bad row's errors (a unit outside the caller's subtree
    // refuses the file in the check as in the import).
    private async Task<(List<CreateGridGroup> Groups, Dictionary<Guid, OrgPlace> Places, List<Violation> Errors)> PlanAsync(
        IReadOnlyList<GroupSheet.Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0) throw new RuleViolationException("file", "文件中没有数据行", "The file has no data rows");
        var units = (await mediator.Send(new GetOrgUnitsByCode(rows.Select(r => r.UnitCode).Distinct().ToList()), ct))
            .ToDictionary(u => u.Code);
        var (groups, errors) = GroupSheet.Parse(rows, units);
        var places = new Dictionary<Guid, OrgPlace>();
        foreach (var unitId in groups.Select(g => g.OrgUnitId).Distinct())
            places[unitId] = await GroupPlaces.CheckAsync(scope, unitId, "file", ct);
        return (groups, places, errors);
    }

    public async Task<GroupImportResult> Handle(ImportGroups command, CancellationToken ct)
    {
        var (groups, places, errors) = await PlanAsync(command.Rows, ct);
        if (errors.Count > 0 && (!command.ValidRowsOnly || groups.Count == 0)) throw new RuleViolationException(errors);

        var existing = (await (await session.QueryInScopeAsync<GridGroup>(scope, ct)).Where(g => g.OrgUnitId.IsOneOf(places.Keys.ToArray())).Select(g => new { g.Name, g.OrgUnitId }).ToListAsync(ct))
            .Select(g => (g.Name, g.OrgUnitId)).ToHashSet();
        var now = clock.GetUtcNow();
        var created = groups.Where(g => !existing.Contains((g.Name.Trim(), g.OrgUnitId))).Select(g =>
        {
            var group = new GridGroup
            {
                Id = Guid.CreateVersion7(), Name = g.Name.Trim(), Kind = g.Kind, Platform = g.Platform, Operators = g.Operators.ToList(),
                OperatorLogins = GroupPlaces.LoginsOf(g.Operators), MemberCount = g.MemberCount, CreatedAt = now,
            };
            group.SitAt(places[g.OrgUnitId]);
            return group;
        }).ToList();
        // A workbook can hold 100,000 groups: COPY them in (one transaction, all or none) rather than one INSERT each.
        await session.DocumentStore.BulkInsertAsync(created, Weasel.Core.BulkInsertMode.InsertsOnly, 10_000, ct);
        return new GroupImportResult(created.Count, groups.Count - created.Count);
    }
}

/// <summary>The caller's groups as a workbook in the import layout (phones in full: only group managers may export).</summary>
[RequiresPermission(GridDispatchPermissions.ManageGroups)]
internal sealed record ExportGroups : IRequest<IReadOnlyList<IDictionary<string, object?>>>;

internal sealed class ExportGroupsHandler(IQuerySession session, ICallerScope scope, IMediator mediator)
    : IRequestHandler<ExportGroups, IReadOnlyList<IDictionary<string, object?>>>
{
    public async Task<IReadOnlyList<IDictionary<string, object?>>> Handle(ExportGroups request, CancellationToken ct)
    {
        var groups = await (await session.QueryInScopeAsync<GridGroup>(scope, ct)).OrderBy(g => g.UnitPath).ThenBy(g => g.Name).ToListAsync(ct);
        var codes = (await mediator.Send(new GetOrgUnits(groups.Select(g => new OrgUnitId(g.OrgUnitId)).Distinct().ToList()), ct))
            .ToDictionary(u => u.Id.Value, u => u.Code);
        return GroupSheet.Rows(groups.Select(g => (g, codes.GetValueOrDefault(g.OrgUnitId, "")))).ToList();
    }
}

internal static class ImportExportGroupsEndpoints
{

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/groups/export", async (IMediator mediator, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(GroupSheet.Layout.Rows(await mediator.Send(new ExportGroups(), ct)), "网格群.xlsx"))
            .RequirePermission(GridDispatchPermissions.ManageGroups)
            .WithSummary("The caller's groups as an Excel workbook (the import layout)")
            .WithDescription(Paging.Whole("every group in the caller's subtree, in one workbook"));
        routes.MapGet("/groups/import/template", () => NetInfoSuite.Ui.ExportCells.File(GroupSheet.Layout.Template(), "网格群导入模板.xlsx"))
            .RequirePermission(GridDispatchPermissions.ManageGroups)
            .WithSummary("The import's workbook with its header row and one example line");

        routes.MapPost("/groups/import", async (IFormFile? file, bool? validRowsOnly, IMediator mediator, CancellationToken ct) =>
            {
                if (file is null || file.Length == 0) throw new RuleViolationException("file", "请上传 Excel 文件", "Upload an Excel file");
                if (file.Length > 20 * 1024 * 1024) throw new RuleViolationException("file", "文件不能超过 20 MB", "The file must not exceed 20 MB");
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                buffer.Position = 0;
                return Results.Ok(await mediator.Send(new ImportGroups(GroupSheet.Read(buffer), validRowsOnly ?? false), ct));
            })
            .RequirePermission(GridDispatchPermissions.ManageGroups)
            .WithSummary("Register groups from an Excel workbook; any bad row rejects the file unless validRowsOnly=true")
            .Produces<GroupImportResult>().ProducesValidationProblem().DisableAntiforgery();
    }
}
