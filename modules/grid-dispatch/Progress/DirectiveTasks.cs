namespace NetInfoSuite.Modules.GridDispatch.Progress;

/// <summary>A directive's tasks within the caller's subtree, by group name, a page at a time; optionally only those
/// of one status, or only the overdue ones (open past their deadline).</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record DirectiveTasks(Guid DirectiveId, DispatchTaskStatus? Status, bool OverdueOnly, int Page = 1,
    int PageSize = DirectiveTasks.DefaultPageSize) : IRequest<Page<TaskView>>
{
    public const int DefaultPageSize = 50, MaxPageSize = 200;
}

internal sealed class DirectiveTasksValidator : AbstractValidator<DirectiveTasks>
{
    public DirectiveTasksValidator()
    {
        RuleFor(x => x.Status).IsInEnum();
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, DirectiveTasks.MaxPageSize);
    }
}

internal sealed class DirectiveTasksHandler(IDocumentStore store, IQuerySession session, ICallerScope scope, TimeProvider clock)
    : IRequestHandler<DirectiveTasks, Page<TaskView>>
{
    public async Task<Page<TaskView>> Handle(DirectiveTasks query, CancellationToken ct)
    {
        var directive = await Directives.Directives.LoadAsync(session, scope, query.DirectiveId, ct);
        var where = "t.directive_id = $1 and t.unit_path like $2 || '%' and ($3::smallint is null or t.status = $3) and (not $4 or (t.status = 0 and t.deadline < $5))";
        object[] args = [directive.Id, await scope.CallerPathAsync(ct), query.Status is { } s ? (short)s : DBNull.Value, query.OverdueOnly, clock.GetUtcNow()];
        await using var connection = await TaskRows.OpenAsync(store, ct);
        var total = await TaskRows.CountAsync(connection, where, ct, args);
        var tasks = await TaskRows.QueryAsync(connection, $"{where} order by t.group_name, t.id offset $6 limit $7", ct,
            [.. args, (query.Page - 1) * query.PageSize, query.PageSize]);
        return new Page<TaskView>(tasks, query.Page, query.PageSize, total);
    }
}
