using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.GridDispatch.Progress;

/// <summary>One county's or street's figures for a directive, counted as 考评 counts them: Done holds every report of
/// done, on time or not (Late: those after the deadline); Unable and Overdue (still open past the deadline) are
/// counted apart; Pending is what is open and not yet due. Completion is done and unable together.</summary>
public sealed record UnitProgress(Guid UnitId, string Name, int Level, Guid? ParentId, int Tasks, int Done, int Late, int Unable, int Overdue,
    DateTimeOffset? ReceivedAt, DateTimeOffset? SignedAt)
{
    public int Pending => Tasks - Done - Unable - Overdue;
    public double Percent => Tasks == 0 ? 0 : Math.Round(100.0 * (Done + Unable) / Tasks, 1);
}

/// <summary>A directive's progress in the caller's subtree: the totals, then each county followed by its streets in the
/// directory's order. <see cref="ChartLevel"/> is the level worth comparing: the counties, or the streets when only
/// one county is in view (a county's own view).</summary>
public sealed record DirectiveProgress(Guid DirectiveId, DeliveryMode Delivery, int Tasks, int Done, int Late, int Unable, int Overdue,
    IReadOnlyList<UnitProgress> Units, int ChartLevel)
{
    public int Pending => Tasks - Done - Unable - Overdue;
    public double Percent => Tasks == 0 ? 0 : Math.Round(100.0 * (Done + Unable) / Tasks, 1);
}

/// <summary>Completion of a directive per county and street (within the caller's subtree); the tasks themselves are
/// listed a page at a time by <see cref="DirectiveTasks"/>.</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record GetProgress(Guid DirectiveId) : IRequest<DirectiveProgress>;

internal sealed class GetProgressHandler(IDocumentStore store, IQuerySession session, ICallerScope scope, IMediator mediator, TimeProvider clock)
    : IRequestHandler<GetProgress, DirectiveProgress>
{
    public async Task<DirectiveProgress> Handle(GetProgress query, CancellationToken ct)
    {
        var directive = await Directives.Directives.LoadAsync(session, scope, query.DirectiveId, ct);
        var path = await scope.CallerPathAsync(ct);
        await using var connection = await TaskRows.OpenAsync(store, ct);
        // One pass over the directive's tasks in the caller's subtree: the whole, per city (rows only a province's
        // directive has), per county and per street (GROUPING SETS; grouping() tells the sets apart: 7 the whole, 3 a
        // city, 5 a county, 4 a street), joined to the rollup rows for names and 签收.
        await using var cmd = new NpgsqlCommand($"""
            with counts as (
                select grouping(city_id, county_id, street_id) as set, coalesce(street_id, county_id, city_id) as unit_id, count(*) as tasks,
                    count(*) filter (where status = 1) as done, count(*) filter (where status = 1 and late) as late,
                    count(*) filter (where status = 2) as unable, count(*) filter (where status = 0 and deadline < $3) as overdue
                from {DispatchTables.Tasks} where directive_id = $1 and unit_path like $2 || '%'
                group by grouping sets ((), (city_id), (county_id), (county_id, street_id)))
            select c.set, r.unit_id, r.unit_name, r.level, r.parent_id, c.tasks, c.done, c.late, c.unable, c.overdue, r.received_at, r.signed_at
            from counts c left join {DispatchTables.Relays} r on r.directive_id = $1 and r.unit_id = c.unit_id
            where c.set = 7 or (c.set in (3, 5) and c.unit_id is not null) or (c.set = 4 and r.level = 3)
            """, connection)
        {
            Parameters = { new() { Value = directive.Id }, new() { Value = path }, new() { Value = clock.GetUtcNow() } },
        };
        var units = new List<UnitProgress>();
        UnitProgress? total = null;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var whole = reader.GetInt32(0) == 7;
                if (!whole && reader.IsDBNull(1)) continue; // a unit with no rollup row (none is made above the street)
                var row = new UnitProgress(whole ? Guid.Empty : reader.GetGuid(1), whole ? "" : reader.GetString(2), whole ? 1 : reader.GetInt16(3),
                    reader.IsDBNull(4) ? null : reader.GetGuid(4), (int)reader.GetInt64(5), (int)reader.GetInt64(6), (int)reader.GetInt64(7),
                    (int)reader.GetInt64(8), (int)reader.GetInt64(9),
                    reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10), reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11));
                if (whole) total = row;
                else units.Add(row);
            }
        units = await InDirectoryOrderAsync(units, ct);
        var cities = units.Count(u => u.Level == 1);
        var counties = units.Count(u => u.Level == 2);
        total ??= new UnitProgress(Guid.Empty, "", 1, null, 0, 0, 0, 0, 0, null, null);
        return new DirectiveProgress(directive.Id, directive.Delivery, total.Tasks, total.Done, total.Late, total.Unable, total.Overdue,
            units, cities > 1 ? 1 : counties > 1 || !units.Any(u => u.Level == 3) ? 2 : 3);
    }

    // Each city (a province's directive) followed by its counties, each county by its streets, siblings by code as the
    // directory lists them; a unit whose parent row is out of view (a street's own view) comes last.
    private async Task<List<UnitProgress>> InDirectoryOrderAsync(List<UnitProgress> units, CancellationToken ct)
    {
        var codes = (await mediator.Send(new GetOrgUnits([.. units.Select(u => new OrgUnitId(u.UnitId))]), ct))
            .ToDictionary(u => u.Id.Value, u => u.Code);
        string Code(UnitProgress u) => codes.GetValueOrDefault(u.UnitId, "~" + u.Name);
        var below = units.Where(u => u.Level > 1).ToLookup(u => u.ParentId);
        IEnumerable<UnitProgress> WithBelow(UnitProgress u) =>
            below[u.UnitId].Where(c => c.Level == u.Level + 1).OrderBy(Code, StringComparer.Ordinal).SelectMany(WithBelow).Prepend(u);
        var cities = units.Where(u => u.Level == 1).OrderBy(Code, StringComparer.Ordinal).ToList();
        var counties = units.Where(u => u.Level == 2 && (u.ParentId is null || cities.All(c => c.UnitId != u.ParentId)))
            .OrderBy(Code, StringComparer.Ordinal);
        var ordered = cities.Concat(counties).SelectMany(WithBelow).ToList();
        return [.. ordered, .. units.Except(ordered).OrderBy(Code, StringComparer.Ordinal)];
    }
}

internal static class ProgressEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/directives/{id:guid}/progress", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetProgress(id), ct)))
            .RequirePermission(GridDispatchPermissions.Read)
            .WithSummary("Completion per county and street")
            .WithDescription(Paging.Whole("one row per county and street the directive reaches (bounded by the org tree)"))
            .Produces<DirectiveProgress>();
        routes.MapGet("/directives/{id:guid}/tasks", async (Guid id, DispatchTaskStatus? status, bool? overdue, int? page, int? pageSize,
                IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new DirectiveTasks(id, status, overdue ?? false, page ?? 1, pageSize ?? DirectiveTasks.DefaultPageSize), ct)))
            .RequirePermission(GridDispatchPermissions.Read)
            .WithSummary("The directive's tasks in the caller's subtree by group name; `status` or `overdue=true` to narrow")
            .WithDescription(Paging.Describe(DirectiveTasks.DefaultPageSize, DirectiveTasks.MaxPageSize))
            .Produces<Page<TaskView>>().ProducesValidationProblem();
    }
}
