namespace NetInfoSuite.Modules.GridDispatch.Directives;

/// <summary>Directives issued at or below the caller's unit, and those reaching it from above; newest first.</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record ListDirectives(DirectiveStatus? Status, int Page, int PageSize) : IRequest<Page<DirectiveView>>
{
    public const int DefaultPageSize = 20, MaxPageSize = 200;
}

internal sealed class ListDirectivesValidator : AbstractValidator<ListDirectives>
{
    public ListDirectivesValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, ListDirectives.MaxPageSize);
    }
}

internal sealed class ListDirectivesHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListDirectives, Page<DirectiveView>>
{
    public async Task<Page<DirectiveView>> Handle(ListDirectives query, CancellationToken ct)
    {
        var mine = await scope.CallerPathAsync(ct);
        // The issuer paths above the caller: "/", "/city/", "/city/county/" … for a caller at "/city/county/street/".
        var above = Enumerable.Range(0, mine.Count(c => c == '/'))
            .Select(i => mine[..(Nth(mine, i) + 1)]).ToArray();
        // From above only what was issued: a higher level's drafts are not the caller's to see or approve.
        var directives = session.Query<Directive>().Where(d => d.IssuerPath.StartsWith(mine) ||
                                                              (d.IssuerPath.IsOneOf(above) && d.Status == DirectiveStatus.Issued));
        if (query.Status is { } status) directives = directives.Where(d => d.Status == status);
        var total = await directives.CountAsync(ct);
        var page = await directives.OrderByDescending(d => d.CreatedAt).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new Page<DirectiveView>(page.Select(DirectiveView.Of).ToList(), query.Page, query.PageSize, total);
    }

    private static int Nth(string path, int n)
    {
        var index = -1;
        for (var i = 0; i <= n; i++) index = path.IndexOf('/', index + 1);
        return index;
    }
}

/// <summary>Of these directives, how many tasks lie in the caller's subtree (the directives list shows a reader below the
/// issuer its own share, as the directive's page does, not the whole city's count). A county or street reads its
/// rollup row; a unit below the streets counts its tasks. City-wide callers see every task: the map is empty.</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record TasksInMySubtree(IReadOnlyList<Guid> DirectiveIds) : IRequest<IReadOnlyDictionary<Guid, int>>;

internal sealed class TasksInMySubtreeHandler(IDocumentStore store, ICaller caller, ICallerScope scope)
    : IRequestHandler<TasksInMySubtree, IReadOnlyDictionary<Guid, int>>
{
    public async Task<IReadOnlyDictionary<Guid, int>> Handle(TasksInMySubtree query, CancellationToken ct)
    {
        var shares = new Dictionary<Guid, int>();
        if (caller.IsCityWide || caller.OrgUnit is not { } unit || query.DirectiveIds.Count == 0) return shares;
        var path = await scope.CallerPathAsync(ct);
        await using var connection = await TaskRows.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select d.id, coalesce(r.tasks, (select count(*) from {DispatchTables.Tasks} t where t.directive_id = d.id and t.unit_path like $3 || '%'))
            from unnest($1::uuid[]) d(id) left join {DispatchTables.Relays} r on r.directive_id = d.id and r.unit_id = $2
            """, connection)
        {
            Parameters = { new() { Value = query.DirectiveIds.ToArray() }, new() { Value = unit.Value }, new() { Value = path } },
        };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) shares[reader.GetGuid(0)] = (int)reader.GetInt64(1);
        return shares;
    }
}

[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record GetDirective(Guid Id) : IRequest<DirectiveView>;

internal sealed class GetDirectiveHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<GetDirective, DirectiveView>
{
    public async Task<DirectiveView> Handle(GetDirective query, CancellationToken ct) =>
        DirectiveView.Of(await Directives.LoadAsync(session, scope, query.Id, ct));
}

internal static class DirectiveEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/directives", async (DraftDirective command, IMediator mediator, CancellationToken ct) =>
            {
                var directive = await mediator.Send(command, ct);
                return Results.Created($"/api/grid-dispatch/directives/{directive.Id}", directive);
            })
            .RequirePermission(GridDispatchPermissions.Draft).WithSummary("Draft a directive")
            .Produces<DirectiveView>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapPost("/directives/{id:guid}/approve", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ApproveDirective(id), ct)))
            .RequirePermission(GridDispatchPermissions.Approve).WithSummary("Approve a draft").Produces<DirectiveView>();
        routes.MapPost("/directives/{id:guid}/issue", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new IssueDirective(id), ct)))
            .RequirePermission(GridDispatchPermissions.Approve)
            .WithSummary("Issue an approved directive: one task per target group, all or none; again: no change")
            .Produces<IssueResult>().ProducesValidationProblem();
        routes.MapGet("/directives", async (DirectiveStatus? status, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListDirectives(status, page ?? 1, pageSize ?? ListDirectives.DefaultPageSize), ct)))
            .RequirePermission(GridDispatchPermissions.Read).WithSummary("Directives of and reaching the caller's unit, newest first")
            .WithDescription(Paging.Describe(ListDirectives.DefaultPageSize, ListDirectives.MaxPageSize))
            .Produces<Page<DirectiveView>>().ProducesValidationProblem();
        routes.MapGet("/directives/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetDirective(id), ct)))
            .RequirePermission(GridDispatchPermissions.Read).WithSummary("One directive").Produces<DirectiveView>();
    }
}
