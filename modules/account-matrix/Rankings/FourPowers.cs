using Microsoft.Extensions.Configuration;

namespace NetInfoSuite.Modules.AccountMatrix.Rankings;

/// <summary>One indicator of a power: its raw value, that value normalised to 0–1 (divided by the best account's
/// value in the same list), and its weight within the power.</summary>
public sealed record Indicator(string Name, double Raw, double Normalised, double Weight);

public sealed record Power(string Name, double Score, IReadOnlyList<Indicator> Indicators);

public sealed record AccountPowers(Guid AccountId, string Name, AccountPlatform Platform, IReadOnlyList<Power> Powers);

/// <summary>The weights of the four powers' indicators (configuration AccountMatrix:FourPowers:&lt;indicator&gt;).
/// No official formula exists; these defaults are documented in docs/adr/0008 and every score shows its parts.</summary>
internal sealed class FourPowerWeights(IConfiguration configuration)
{
    public double this[string indicator] => configuration.GetValue($"AccountMatrix:FourPowers:{indicator}", Defaults[indicator]);

    public static readonly Dictionary<string, double> Defaults = new()
    {
        ["index"] = 1.0,                                        // 传播力: the platform's index (WCI/BCI/DCI)
        ["topics"] = 0.5, ["reposts"] = 0.5,                    // 引导力: topic participation, directive reposts done
        ["followerGrowth"] = 0.5, ["interaction"] = 0.5,        // 影响力: new followers ÷ followers, interactions ÷ reads
        ["reviewPass"] = 1.0,                                   // 公信力: review pass rate (compliance record when that module lands)
    };
}

/// <summary>传播力 / 引导力 / 影响力 / 公信力 of the caller's active accounts over a period, each score 0–100 and
/// explained by its indicators.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetFourPowers(DateOnly From, DateOnly To, AccountCategory? Category) : IRequest<IReadOnlyList<AccountPowers>>;

internal sealed class GetFourPowersValidator : AbstractValidator<GetFourPowers>
{
    public GetFourPowersValidator() => RuleFor(x => x.To).EndsAYearOrLessAfter(x => x.From);
}

internal sealed class GetFourPowersHandler(IQuerySession session, IDocumentStore store, IMediator mediator, ICallerScope scope, FourPowerWeights weights, IOfficeClock clock)
    : IRequestHandler<GetFourPowers, IReadOnlyList<AccountPowers>>
{
    public async Task<IReadOnlyList<AccountPowers>> Handle(GetFourPowers query, CancellationToken ct)
    {
        var accountQuery = (await session.QueryInScopeAsync<Account>(scope, ct)).Where(a => a.Status == AccountStatus.Active);
        if (query.Category is { } category) accountQuery = accountQuery.Where(a => a.Category == category);
        var accounts = await accountQuery.ToListAsync(ct);
        var ids = accounts.Select(a => a.Id).ToArray();

        // 传播力: each platform's own index, so accounts compare within their platform.
        var index = new Dictionary<Guid, double>();
        foreach (var platform in accounts.Select(a => a.Platform).Distinct().Where(p => Indexes.VersionFor(p) is not null))
            foreach (var e in (await mediator.Send(new GetRanking(platform, query.From, query.To, query.Category, WithPrevious: false), ct)).Entries)
                index[e.AccountId] = e.Score;

        var days = clock.Days(query.From, query.To); // from office midnight to office midnight
        var reposts = (await (await session.QueryInScopeAsync<RepostTask>(scope, ct)).Where(t => t.AccountId.IsOneOf(ids) && t.Deadline >= days.Start && t.Deadline < days.End).ToListAsync(ct))
            .GroupBy(t => t.AccountId).ToDictionary(g => g.Key, g => (double)g.Count(t => t.DoneAt != null) / g.Count());
        var topics = await (await session.QueryInScopeAsync<Topics.Topic>(scope, ct)).Where(t => t.From <= query.To && t.To >= query.From).ToListAsync(ct);
        var postsInTopics = await TopicPostsAsync(topics.SelectMany(t => t.Posts).Distinct().ToArray(), ct);
        var topicShare = ids.ToDictionary(id => id, id =>
        {
            var mine = topics.Where(t => t.Accounts.Contains(id)).ToList();
            return mine.Count == 0 ? 0 : (double)mine.Count(t => t.Posts.Any(p => postsInTopics.GetValueOrDefault(p) == id)) / mine.Count;
        });
        // A piece reviewed in the period was drafted by its end: later pieces stay in the database.
        var reviews = (await (await session.QueryInScopeAsync<Publishing.Publication>(scope, ct)).Where(p => p.CreatedAt < days.End).ToListAsync(ct))
            .SelectMany(p => p.Targets).Where(t => t.Review is { } r && r.At >= days.Start && r.At < days.End)
            .GroupBy(t => t.AccountId).ToDictionary(g => g.Key, g => (double)g.Count(t => t.Review!.Checks.All(c => c.Pass)) / g.Count());
        var reach = await ReachAsync(ids, query.From, query.To, ct);

        var raw = accounts.ToDictionary(a => a.Id, a => new Dictionary<string, double>
        {
            ["index"] = index.GetValueOrDefault(a.Id),
            ["topics"] = topicShare[a.Id],
            ["reposts"] = reposts.GetValueOrDefault(a.Id),
            ["followerGrowth"] = reach.TryGetValue(a.Id, out var d) && d.Followers > 0 ? (double)d.NewFollowers / d.Followers : 0,
            ["interaction"] = reach.TryGetValue(a.Id, out var e2) && e2.Reads > 0 ? (double)e2.Interactions / e2.Reads : 0,
            ["reviewPass"] = reviews.GetValueOrDefault(a.Id),
        });
        // Each indicator is divided by the best account's value; the index by the best of the account's own platform
        // (a Douyin account's DCI is not comparable with a WeChat account's WCI).
        var platformOf = accounts.ToDictionary(a => a.Id, a => a.Platform);
        var best = FourPowerWeights.Defaults.Keys.ToDictionary(k => k, k => raw.Values.Select(r => r[k]).DefaultIfEmpty(0).Max());
        var bestIndex = raw.GroupBy(r => platformOf[r.Key]).ToDictionary(g => g.Key, g => g.Max(r => r.Value["index"]));
        double Best(Guid id, string k) => k == "index" ? bestIndex[platformOf[id]] : best[k];
        Power Score(Guid id, string name, params string[] indicators)
        {
            var parts = indicators.Select(k => new Indicator(k, raw[id][k], Best(id, k) > 0 ? raw[id][k] / Best(id, k) : 0, weights[k])).ToList();
            var total = parts.Sum(p => p.Weight);
            return new Power(name, total == 0 ? 0 : 100 * parts.Sum(p => p.Normalised * p.Weight) / total, parts);
        }
        return accounts.Select(a => new AccountPowers(a.Id, a.Name, a.Platform,
            [
                Score(a.Id, "传播力", "index"), Score(a.Id, "引导力", "topics", "reposts"),
                Score(a.Id, "影响力", "followerGrowth", "interaction"), Score(a.Id, "公信力", "reviewPass"),
            ]))
            .OrderByDescending(a => a.Powers.Sum(p => p.Score)).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
    }

    private async Task<Dictionary<string, Guid>> TopicPostsAsync(string[] posts, CancellationToken ct)
    {
        var owners = new Dictionary<string, Guid>();
        if (posts.Length == 0) return owners;
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"select id, account_id from {MetricTables.Articles} where id = any($1)", connection) { Parameters = { new() { Value = posts } } };
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) owners[r.GetString(0)] = r.GetGuid(1);
        return owners;
    }

    /// <summary>Followers (the last known count), new followers, reads and interactions per account. Reads and
    /// interactions are the daily figures; an account that reports only articles (most WeChat accounts) has them
    /// from its articles (likes + comments + shares).</summary>
    private async Task<Dictionary<Guid, (long Followers, long NewFollowers, long Reads, long Interactions)>> ReachAsync(Guid[] ids, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var result = new Dictionary<Guid, (long, long, long, long)>();
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select coalesce(d.account_id, ar.account_id), coalesce(d.followers, 0), coalesce(d.new_followers, 0),
                case when coalesce(d.reads, 0) > 0 then d.reads else coalesce(ar.reads, 0) end,
                case when coalesce(d.reads, 0) > 0 then d.interactions else coalesce(ar.interactions, 0) end
            from (select account_id, {MetricTables.LastKnownFollowers} as followers, sum(new_followers) as new_followers, sum(reads) as reads,
                      sum(likes + comments + shares + reposts) as interactions
                  from {MetricTables.Daily} where account_id = any($1) and day between $2 and $3 group by account_id) d
            full join (select account_id, sum(reads) as reads, sum(likes + comments + shares) as interactions
                  from {MetricTables.Articles} where account_id = any($1) and day between $2 and $3 group by account_id) ar
                on ar.account_id = d.account_id
            """, connection) { Parameters = { new() { Value = ids }, new() { Value = from }, new() { Value = to } } };
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            result[r.GetGuid(0)] = (Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2)), Convert.ToInt64(r.GetValue(3)), Convert.ToInt64(r.GetValue(4)));
        return result;
    }
}

internal static class FourPowersEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/four-powers", async (DateOnly from, DateOnly to, AccountCategory? category, IMediator m, CancellationToken ct) =>
            Results.Ok(await m.Send(new GetFourPowers(from, to, category), ct)))
        .RequirePermission(AccountMatrixPermissions.Read)
        .WithSummary("传播力 / 引导力 / 影响力 / 公信力 per account, each score shown with its indicators' raw and normalised values and weights")
        .Produces<IReadOnlyList<AccountPowers>>().ProducesValidationProblem();
}
