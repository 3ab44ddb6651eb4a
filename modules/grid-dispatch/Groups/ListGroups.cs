namespace NetInfoSuite.Modules.GridDispatch.Groups;

/// <summary>The groups in the caller's subtree, with operators' phones masked.</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record ListGroups(string? Name, int Page, int PageSize) : IRequest<Page<GroupView>>
{
    public const int DefaultPageSize = 50, MaxPageSize = 500;
}

internal sealed class ListGroupsValidator : AbstractValidator<ListGroups>
{
    public ListGroupsValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, ListGroups.MaxPageSize);
    }
}

internal sealed class ListGroupsHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListGroups, Page<GroupView>>
{
    public async Task<Page<GroupView>> Handle(ListGroups query, CancellationToken ct)
    {
        var groups = (await session.QueryInScopeAsync<GridGroup>(scope, ct));
        if (!string.IsNullOrWhiteSpace(query.Name)) groups = groups.Where(g => g.Name.Contains(query.Name.Trim()));
        var total = await groups.CountAsync(ct);
        var page = await groups.OrderBy(g => g.Name).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new Page<GroupView>(page.Select(g => GroupPlaces.View(g, reveal: false)).ToList(), query.Page, query.PageSize, total);
    }
}

internal static class ListGroupsEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/groups", async (string? name, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new ListGroups(name, page ?? 1, pageSize ?? ListGroups.DefaultPageSize), ct)))
        .RequirePermission(GridDispatchPermissions.Read)
        .WithSummary("Grid groups in the caller's subtree (operators' phones masked), by name")
        .WithDescription(Paging.Describe(ListGroups.DefaultPageSize, ListGroups.MaxPageSize))
        .Produces<Page<GroupView>>().ProducesValidationProblem();
}
