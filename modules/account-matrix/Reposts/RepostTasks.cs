using NetInfoSuite.Contracts.GridDispatch;

namespace NetInfoSuite.Modules.AccountMatrix.Reposts;

/// <summary>When grid-dispatch issues a directive that also names matrix accounts, each gets a repost task (the
/// check the level above makes: did every account repost?). Learned only through the contract notification;
/// a repeated notice changes nothing (one task per directive and account).</summary>
[ReadsAcrossScopes("a directive names accounts anywhere its issuer reaches, and this runs for whoever delivers the notice")]
internal sealed class MakeRepostTasks(IDocumentSession session) : INotificationHandler<DirectiveIssued>
{
    public async Task Handle(DirectiveIssued issued, CancellationToken ct)
    {
        if (issued.Accounts.Count == 0) return;
        var accounts = await session.LoadManyAsync<Account>(ct, issued.Accounts);
        foreach (var account in accounts.Where(a => a.Status is AccountStatus.Active or AccountStatus.Suspended or AccountStatus.Filed))
        {
            var id = $"{issued.DirectiveId:N}-{account.Id:N}";
            if (await session.LoadAsync<RepostTask>(id, ct) is not null) continue;
            session.Insert(new RepostTask
            {
                Id = id, DirectiveId = issued.DirectiveId, AccountId = account.Id, AccountName = account.Name, UnitPath = account.UnitPath,
                Title = issued.Title, Deadline = issued.Deadline,
            });
        }
        await session.SaveChangesAsync(ct);
    }
}

public sealed record RepostView(Guid DirectiveId, Guid AccountId, string AccountName, string Title, DateTimeOffset Deadline, DateTimeOffset? DoneAt, string? Link);

[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ListReposts(Guid DirectiveId) : IRequest<IReadOnlyList<RepostView>>;

internal sealed class ListRepostsHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListReposts, IReadOnlyList<RepostView>>
{
    public async Task<IReadOnlyList<RepostView>> Handle(ListReposts query, CancellationToken ct)
    {
        return (await (await session.QueryInScopeAsync<RepostTask>(scope, ct)).Where(t => t.DirectiveId == query.DirectiveId).OrderBy(t => t.AccountName).ToListAsync(ct))
            .Select(t => new RepostView(t.DirectiveId, t.AccountId, t.AccountName, t.Title, t.Deadline, t.DoneAt, t.Link)).ToList();
    }
}

public sealed record RepostProgress(Guid DirectiveId, string Title, DateTimeOffset Deadline, int Accounts, int Done);

/// <summary>The check the level above makes: per directive, how many of the caller's accounts have reposted it.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ListRepostProgress : IRequest<IReadOnlyList<RepostProgress>>;

internal sealed class ListRepostProgressHandler(IDocumentStore store, ICallerScope scope) : IRequestHandler<ListRepostProgress, IReadOnlyList<RepostProgress>>
{
    public async Task<IReadOnlyList<RepostProgress>> Handle(ListRepostProgress query, CancellationToken ct)
    {
        var path = await scope.CallerPathAsync(ct);
        // Counted in the database, one row per directive: the tasks of every directive ever issued stay there.
        // (Marten's JSON is camelCase; a directive's tasks share its title and deadline.)
        var tasks = store.Options.FindOrResolveDocumentType(typeof(RepostTask)).TableName.QualifiedName;
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select (data ->> 'directiveId')::uuid, min(data ->> 'title'), min((data ->> 'deadline')::timestamptz),
                   count(*)::int, (count(*) filter (where data ->> 'doneAt' is not null))::int
            from {tasks} where starts_with(data ->> 'unitPath', $1)
            group by 1 order by 3 desc limit 200
            """, connection) { Parameters = { new() { Value = path } } };
        var progress = new List<RepostProgress>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            progress.Add(new RepostProgress(r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.GetInt32(3), r.GetInt32(4)));
        return progress;
    }
}

/// <summary>The account reposted the directive: when, and where (the post's link).</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record MarkReposted(Guid DirectiveId, Guid AccountId, string Link) : ICommand<RepostView>;

internal sealed class MarkRepostedValidator : AbstractValidator<MarkReposted>
{
    public MarkRepostedValidator() => RuleFor(x => x.Link).NotEmpty().MaximumLength(1000)
        .Must(Links.IsWebLink)
        .WithMessage(_ => new LocalizedText("须为转发后的 http(s) 链接", "Give the repost's http(s) link").Current);
}

internal sealed class MarkRepostedHandler(IDocumentSession session, ICallerScope scope, TimeProvider clock) : IRequestHandler<MarkReposted, RepostView>
{
    public async Task<RepostView> Handle(MarkReposted command, CancellationToken ct)
    {
        var task = await session.LoadInScopeAsync<RepostTask>(scope, $"{command.DirectiveId:N}-{command.AccountId:N}", ct)
            ?? throw new NotFoundException("repost task", $"{command.DirectiveId}/{command.AccountId}");
        task.DoneAt ??= clock.GetUtcNow();
        task.Link = command.Link.Trim();
        session.Store(task);
        await session.SaveChangesAsync(ct);
        return new RepostView(task.DirectiveId, task.AccountId, task.AccountName, task.Title, task.Deadline, task.DoneAt, task.Link);
    }
}

internal static class RepostEndpoints
{
    public sealed record DoneBody(string? Link);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/reposts", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListRepostProgress(), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("Per directive: how many of the caller's accounts reposted it")
            .Produces<IReadOnlyList<RepostProgress>>();
        routes.MapGet("/reposts/{directiveId:guid}", async (Guid directiveId, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListReposts(directiveId), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("Each account's repost task for a directive").Produces<IReadOnlyList<RepostView>>();
        routes.MapPost("/reposts/{directiveId:guid}/{accountId:guid}", async (Guid directiveId, Guid accountId, DoneBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new MarkReposted(directiveId, accountId, body.Link ?? ""), ct)))
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Record the account's repost").Produces<RepostView>().ProducesValidationProblem();
    }
}
