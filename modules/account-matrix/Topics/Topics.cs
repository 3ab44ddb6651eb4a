namespace NetInfoSuite.Modules.AccountMatrix.Topics;

/// <summary>专题专栏: a themed campaign over a period, the accounts taking part and the posts tagged to it.</summary>
internal sealed class Topic : IOrgScoped
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public string Description { get; set; } = "";
    public List<Guid> Accounts { get; set; } = [];
    public List<string> Posts { get; set; } = []; // article ids
    public string UnitPath { get; set; } = "";
}

public sealed record TopicProgress(Guid AccountId, string Name, int Posts, long Reads);

public sealed record TopicView(Guid Id, string Title, DateOnly From, DateOnly To, string Description, IReadOnlyList<TopicProgress> Progress);

[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record CreateTopic(string Title, DateOnly From, DateOnly To, string? Description, IReadOnlyList<Guid> Accounts) : ICommand<TopicView>;

internal sealed class CreateTopicValidator : AbstractValidator<CreateTopic>
{
    public CreateTopicValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From);
        RuleFor(x => x.Description).MaximumLength(5_000);
        RuleFor(x => x.Accounts).NotEmpty().Must(a => a.Count <= 1_000);
    }
}

/// <summary>Tags posts (articles already recorded) to a topic; only posts of participating accounts within the period.</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record TagTopicPosts(Guid Id, IReadOnlyList<string> Posts) : ICommand<TopicView>;

[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetTopic(Guid Id) : IRequest<TopicView>;

public sealed record TopicSummary(Guid Id, string Title, DateOnly From, DateOnly To, int Accounts, int Posts);

/// <summary>The caller's topics, latest first.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ListTopics : IRequest<IReadOnlyList<TopicSummary>>;

internal sealed class ListTopicsHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListTopics, IReadOnlyList<TopicSummary>>
{
    public async Task<IReadOnlyList<TopicSummary>> Handle(ListTopics query, CancellationToken ct)
    {
        return (await (await session.QueryInScopeAsync<Topic>(scope, ct)).OrderByDescending(t => t.From).Take(500).ToListAsync(ct))
            .Select(t => new TopicSummary(t.Id, t.Title, t.From, t.To, t.Accounts.Count, t.Posts.Count)).ToList();
    }
}

internal sealed class TopicHandlers(IDocumentSession session, IDocumentStore store, ICallerScope scope)
    : IRequestHandler<CreateTopic, TopicView>, IRequestHandler<TagTopicPosts, TopicView>, IRequestHandler<GetTopic, TopicView>
{
    public async Task<TopicView> Handle(CreateTopic command, CancellationToken ct)
    {
        var path = await scope.CallerPathAsync(ct);
        var ids = command.Accounts.Distinct().ToArray();
        if (await (await session.QueryInScopeAsync<Account>(scope, ct)).CountAsync(a => a.Id.IsOneOf(ids), ct) != ids.Length)
            throw new RuleViolationException("accounts", "有账号不存在或不属于本单位", "An account does not exist or is not yours");
        var topic = new Topic
        {
            Id = Guid.CreateVersion7(), Title = command.Title.Trim(), From = command.From, To = command.To, Description = command.Description?.Trim() ?? "",
            Accounts = [.. ids], UnitPath = path,
        };
        session.Store(topic);
        await session.SaveChangesAsync(ct);
        return await ViewAsync(topic, ct);
    }

    public async Task<TopicView> Handle(TagTopicPosts command, CancellationToken ct)
    {
        var topic = await LoadAsync(command.Id, ct);
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"select id from {MetricTables.Articles} where id = any($1) and account_id = any($2) and day between $3 and $4", connection)
        {
            Parameters = { new() { Value = command.Posts.Distinct().ToArray() }, new() { Value = topic.Accounts.ToArray() }, new() { Value = topic.From }, new() { Value = topic.To } },
        };
        var valid = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) valid.Add(reader.GetString(0));
        var refused = command.Posts.Except(valid).Take(20).ToList();
        if (refused.Count > 0)
            throw new RuleViolationException("posts", $"以下稿件不存在、不属于参与账号或不在专题期间：{string.Join("、", refused)}",
                $"Not a recorded post of a participating account within the period: {string.Join(", ", refused)}");
        topic.Posts = topic.Posts.Union(valid).ToList();
        session.Store(topic);
        await session.SaveChangesAsync(ct);
        return await ViewAsync(topic, ct);
    }

    public async Task<TopicView> Handle(GetTopic query, CancellationToken ct) => await ViewAsync(await LoadAsync(query.Id, ct), ct);

    private async Task<Topic> LoadAsync(Guid id, CancellationToken ct)
    {
        return await session.LoadInScopeOrThrowAsync<Topic>(scope, id, "topic", ct);
    }

    // Progress per participating account: its tagged posts and their reads.
    private async Task<TopicView> ViewAsync(Topic topic, CancellationToken ct)
    {
        var names = (await session.LoadManyInScopeAsync<Account>(scope, topic.Accounts, ct)).ToDictionary(a => a.Id, a => a.Name);
        var figures = new Dictionary<Guid, (int Posts, long Reads)>();
        await using (var connection = await MetricTables.OpenAsync(store, ct))
        {
            await using var cmd = new NpgsqlCommand($"select account_id, count(*), sum(reads) from {MetricTables.Articles} where id = any($1) group by account_id", connection)
                { Parameters = { new() { Value = topic.Posts.ToArray() } } };
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) figures[reader.GetGuid(0)] = ((int)reader.GetInt64(1), Convert.ToInt64(reader.GetValue(2)));
        }
        return new TopicView(topic.Id, topic.Title, topic.From, topic.To, topic.Description, topic.Accounts
            .Select(a => new TopicProgress(a, names.GetValueOrDefault(a, ""), figures.GetValueOrDefault(a).Posts, figures.GetValueOrDefault(a).Reads))
            .OrderByDescending(p => p.Posts).ThenBy(p => p.Name, StringComparer.Ordinal).ToList());
    }
}

/// <summary>Posts that may be tagged to the topic, found by title: recorded articles of its accounts within its period,
/// not tagged yet, newest first (the console's picker; nobody types an article's platform id).</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record FindTopicPosts(Guid Id, string? Title, int Limit = 50) : IRequest<IReadOnlyList<TopicPostChoice>>;

internal sealed record TopicPostChoice(string Id, string Title, Guid AccountId, DateOnly Day);

internal sealed class FindTopicPostsValidator : AbstractValidator<FindTopicPosts>
{
    public FindTopicPostsValidator()
    {
        RuleFor(x => x.Title).MaximumLength(100);
        RuleFor(x => x.Limit).InclusiveBetween(1, 200);
    }
}

internal sealed class FindTopicPostsHandler(IQuerySession session, IDocumentStore store, ICallerScope scope)
    : IRequestHandler<FindTopicPosts, IReadOnlyList<TopicPostChoice>>
{
    public async Task<IReadOnlyList<TopicPostChoice>> Handle(FindTopicPosts query, CancellationToken ct)
    {
        var topic = await session.LoadInScopeOrThrowAsync<Topic>(scope, query.Id, "topic", ct);
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand(
            $"""
             select id, title, account_id, day from {MetricTables.Articles}
             where account_id = any($1) and day between $2 and $3 and not (id = any($4)) and ($5 = '' or strpos(title, $5) > 0)
             order by day desc, id limit $6
             """, connection)
        {
            Parameters =
            {
                new() { Value = topic.Accounts.ToArray() }, new() { Value = topic.From }, new() { Value = topic.To },
                new() { Value = topic.Posts.ToArray() }, new() { Value = query.Title?.Trim() ?? "" }, new() { Value = query.Limit },
            },
        };
        var found = new List<TopicPostChoice>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found.Add(new TopicPostChoice(reader.GetString(0), reader.GetString(1), reader.GetGuid(2), reader.GetFieldValue<DateOnly>(3)));
        return found;
    }
}

internal static class TopicEndpoints
{
    public sealed record PostsBody(IReadOnlyList<string>? Posts);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/topics", async (CreateTopic command, IMediator m, CancellationToken ct) =>
            {
                var topic = await m.Send(command, ct);
                return Results.Created($"/api/account-matrix/topics/{topic.Id}", topic);
            })
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Start a topic (专题专栏) with its accounts").ProducesValidationProblem();
        routes.MapPost("/topics/{id:guid}/posts", async (Guid id, PostsBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new TagTopicPosts(id, body.Posts ?? []), ct)))
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Tag recorded posts to the topic").ProducesValidationProblem();
        routes.MapGet("/topics", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListTopics(), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("The caller's topics, latest first").Produces<IReadOnlyList<TopicSummary>>();
        routes.MapGet("/topics/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetTopic(id), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("A topic and each account's progress");
    }
}
