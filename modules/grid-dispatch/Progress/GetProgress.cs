namespace NetInfoSuite.Modules.GridDispatch.Progress;

public sealed record UnitProgress(Guid UnitId, string Name, int Level, Guid? ParentId, int Tasks, int Done, int Unable, int Overdue,
    DateTimeOffset? ReceivedAt, DateTimeOffset? SignedAt)
{
    public double Percent => Tasks == 0 ? 0 : Math.Round(100.0 * (Done + Unable) / Tasks, 1);
}

public sealed record DirectiveProgress(Guid DirectiveId, int Tasks, int Done, int Unable, int Overdue, IReadOnlyList<UnitProgress> Units)
{
    public double Percent => Tasks == 0 ? 0 : Math.Round(100.0 * (Done + Unable) / Tasks, 1);
}

/// <summary>Completion of a directive per county and street (within the caller's subtree); the tasks themselves are
/// listed a page at a time by <see cref="DirectiveTasks"/>.</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record GetProgress(Guid DirectiveId) : IRequest<DirectiveProgress>;

internal sealed class GetProgressHandler(IDocumentStore store, IQuerySession session, ICallerScope scope, TimeProvider clock)
    : IRequestHandler<GetProgress, DirectiveProgress>
{
    public async Task<DirectiveProgress> Handle(GetProgress query, CancellationToken ct)
    {
        var directive = await Directives.Directives.LoadAsync(session, scope, query.DirectiveId, ct);
        var path = await scope.CallerPathAsync(ct);
        var now = clock.GetUtcNow();
        await using var connection = await TaskRows.OpenAsync(store, ct);
        // One pass over the directive's tasks, grouped by county and by street (GROUPING SETS), joined to the rollup rows.
        await using var cmd = new NpgsqlCommand($"""
            with counts as (
                select coalesce(street_id, county_id) as unit_id, count(*) as tasks,
                    count(*) filter (where status = 1) as done, count(*) filter (where status = 2) as unable,
                    count(*) filter (where status = 0 and deadline < $3) as overdue
                from {DispatchTables.Tasks} where directive_id = $1 and unit_path like $2 || '%'
                group by grouping sets ((county_id), (county_id, street_id)))
            select r.unit_id, r.unit_name, r.level, r.parent_id, c.tasks, c.done, c.unable, c.overdue, r.received_at, r.signed_at
            from counts c join {DispatchTables.Relays} r on r.directive_id = $1 and r.unit_id = c.unit_id
            order by r.level, r.unit_name
            """, connection) { Parameters = { new() { Value = directive.Id }, new() { Value = path }, new() { Value = now } } };
        var units = new List<UnitProgress>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                units.Add(new(reader.GetGuid(0), reader.GetString(1), reader.GetInt16(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                    (int)reader.GetInt64(4), (int)reader.GetInt64(5), (int)reader.GetInt64(6), (int)reader.GetInt64(7),
                    reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9)));
        var top = units.Where(u => u.Level == 2).ToList();
        if (top.Count == 0) top = units.Where(u => u.Level == 3).ToList();
        return new DirectiveProgress(directive.Id, top.Sum(u => u.Tasks), top.Sum(u => u.Done), top.Sum(u => u.Unable), top.Sum(u => u.Overdue),
            units);
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
