using MiniExcelLibs;
using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.GridDispatch.Evaluation;

/// <summary>考评: answers <see cref="GetUnitEvaluations"/>. Counts the tasks due within the period of every unit
/// directly below the parent (cities under the province, counties under a city, streets under a county), and scores them:
/// score = 100 × (wC × completed ÷ assigned + wT × on time ÷ assigned + wR × min(1, reached ÷ members)),
/// with the weights from configuration (default 0.6, 0.3, 0.1; docs/modules/grid-dispatch.md). Completed counts done
/// and unable-with-reason alike (the unit answered); on time counts done before the deadline. Tasks still held by a
/// level that has not signed for a relayed directive count as assigned and not done, as progress shows them: a street
/// that never forwards must not score better than one that does.</summary>
internal sealed class GetUnitEvaluationsHandler(IDocumentStore store, IMediator mediator, ICallerScope scope, DispatchOptions options, IOfficeClock clock)
    : IRequestHandler<GetUnitEvaluations, IReadOnlyList<UnitEvaluation>>
{
    public async Task<IReadOnlyList<UnitEvaluation>> Handle(GetUnitEvaluations query, CancellationToken ct)
    {
        var parent = await scope.PlaceOfAsync(query.Parent.Value, ct);
        if (parent is null || !await scope.CoversAsync(parent.Path, ct)) throw new NotFoundException("unit", query.Parent.ToString());
        var column = parent.Level switch
        {
            OrgLevel.Province => "city_id",
            OrgLevel.City => "county_id",
            OrgLevel.County => "street_id",
            _ => throw new RuleViolationException("parent", "请选择省、市或县（市、区）", "Choose the province, a city or a county"),
        };
        var children = await mediator.Send(new GetOrgSubtree(query.Parent, 1), ct);
        var days = clock.Days(query.Period.From, query.Period.To); // a task due 03:00 Beijing on the 1st belongs to that month
        await using var connection = await TaskRows.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select {column}, count(*), count(*) filter (where status = 1), count(*) filter (where status = 1 and not late),
                count(*) filter (where status = 1 and late), count(*) filter (where status = 2),
                percentile_cont(0.5) within group (order by (extract(epoch from reported_at - released_at) / 60)::float8) filter (where status <> 0),
                coalesce(sum(reached), 0), coalesce(sum(members), 0)
            from {DispatchTables.Tasks}
            where unit_path like $1 || '%' and deadline >= $2 and deadline < $3
            group by {column}
            """, connection)
        {
            Parameters =
            {
                new() { Value = parent.Path }, new() { Value = days.Start }, new() { Value = days.End },
            },
        };
        var rows = new Dictionary<Guid, UnitEvaluation>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(0)) continue;
                var (assigned, done, onTime, late, unable) = ((int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3), (int)reader.GetInt64(4), (int)reader.GetInt64(5));
                var reached = reader.GetInt64(7);
                var members = reader.GetInt64(8);
                rows[reader.GetGuid(0)] = new UnitEvaluation(new OrgUnitId(reader.GetGuid(0)), "", assigned, done, onTime, late, unable,
                    reader.IsDBNull(6) ? null : Math.Round(reader.GetDouble(6), 1), reached, Score(assigned, done + unable, onTime, reached, members));
            }
        return children.Where(c => c.Id != query.Parent)
            .Select(c => rows.TryGetValue(c.Id.Value, out var row) ? row with { Name = c.Name } : new UnitEvaluation(c.Id, c.Name, 0, 0, 0, 0, 0, null, 0, 0))
            .OrderByDescending(e => e.Score).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    private double Score(int assigned, int completed, int onTime, long reached, long members) => assigned == 0 ? 0 : Math.Round(100 * (
        options.CompletionWeight * completed / assigned + options.TimelinessWeight * onTime / assigned +
        options.ReachWeight * (members == 0 ? 0 : Math.Min(1.0, (double)reached / members))), 1);
}

internal static class EvaluationEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/evaluation", async (Guid parent, DateOnly from, DateOnly to, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetUnitEvaluations(new OrgUnitId(parent), Check(from, to)), ct)))
            .RequirePermission(GridDispatchPermissions.Read)
            .WithSummary("考评: each unit directly below the parent over a period, ranked by score")
            .WithDescription(Paging.Whole("one row per unit directly below the parent (bounded by the org tree)"))
            .Produces<IReadOnlyList<UnitEvaluation>>();
        routes.MapGet("/evaluation/export", async (Guid parent, DateOnly from, DateOnly to, IMediator mediator, CancellationToken ct) =>
            {
                var rows = await mediator.Send(new GetUnitEvaluations(new OrgUnitId(parent), Check(from, to)), ct);
                var file = new MemoryStream();
                file.SaveAs(NetInfoSuite.Ui.ExportCells.Safe(rows.Select((r, i) => new Dictionary<string, object?>
                {
                    ["排名"] = i + 1, ["单位"] = r.Name, ["下发"] = r.Assigned, ["完成"] = r.Done, ["按时"] = r.OnTime, ["逾期完成"] = r.Late,
                    ["无法完成"] = r.Unable, ["响应时间中位数（分钟）"] = r.MedianResponseMinutes, ["覆盖人数"] = r.Reach, ["得分"] = r.Score,
                })), excelType: ExcelType.XLSX);
                file.Position = 0;
                return Results.File(file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"考评-{from:yyyyMMdd}-{to:yyyyMMdd}.xlsx");
            })
            .RequirePermission(GridDispatchPermissions.Read).WithSummary("The evaluation as an Excel workbook")
            .WithDescription(Paging.Whole("one row per unit directly below the parent, in one workbook"));
    }

    private static Period Check(DateOnly from, DateOnly to) => to >= from && to.DayNumber - from.DayNumber <= 366
        ? new Period(from, to)
        : throw new RuleViolationException("to", "结束日期须不早于开始日期，且期间不超过一年", "The end must not precede the start, and the period must not exceed a year");
}
