namespace NetInfoSuite.Modules.Inspection.Targets;

internal static class TargetEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/results", async (int? year, Guid? unit, IMediator m, IOfficeClock clock, CancellationToken ct) =>
                Results.Ok(await m.Send(new GetYearlyResults(year ?? clock.Today.Year, unit is { } u ? new OrgUnitId(u) : null), ct)))
            .RequirePermission(InspectionPermissions.Read)
            .WithSummary("目标管理: the year's published results of the units in the caller's subtree (and of the plans it runs); `year` (this year by default), `unit` for one unit")
            .Produces<IReadOnlyList<YearlyResult>>();
        routes.MapGet("/results/export", async (int? year, IMediator m, IOfficeClock clock, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(ResultWorkbook.Rows(await m.Send(new GetYearlyResults(year ?? clock.Today.Year), ct), clock),
                    $"{year ?? clock.Today.Year}年度考评结果.xlsx"))
            .RequirePermission(InspectionPermissions.Read).WithSummary("The year's results as a workbook, one row per unit and plan");
    }
}

internal static class ResultWorkbook
{
    public static IEnumerable<IDictionary<string, object?>> Rows(IEnumerable<YearlyResult> results, IOfficeClock clock) => results.Select(r => new Dictionary<string, object?>
    {
        ["单位"] = r.UnitName, ["考评方案"] = r.PlanName, ["组织单位"] = r.OrganiserName, ["分组"] = r.Group, ["总分"] = Math.Round(r.Total, 2),
        ["满分"] = Math.Round(r.FullMarks, 2), ["等次"] = r.Grade, ["单项否决"] = r.Vetoed ? "是" : "否", ["名次"] = $"{r.Rank}/{r.GroupSize}",
        ["发布日期"] = clock.Show(r.PublishedAt, "yyyy-MM-dd"),
    });
}
