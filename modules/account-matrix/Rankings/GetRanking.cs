namespace NetInfoSuite.Modules.AccountMatrix.Rankings;

public sealed record RankEntry(int Rank, Guid AccountId, string Name, AccountCategory Category, double Score, int? PreviousRank, double? PreviousScore);

public sealed record Ranking(AccountPlatform Platform, string Formula, DateOnly From, DateOnly To, IReadOnlyList<RankEntry> Entries);

/// <summary>The accounts of one platform in the caller's subtree ranked by the platform's index over a period,
/// with their rank and score in the period just before (the previous week, month… for a preset; else as many days). Sums are made in the database
/// (one row per account comes back), so a province's 3,000 accounts × 90 days never load into memory. <paramref name="Formula"/> picks an
/// earlier formula version (to compute an old ranking again the same way); by default the current one.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetRanking(AccountPlatform Platform, DateOnly From, DateOnly To, AccountCategory? Category, bool WithPrevious = true,
    PeriodKind? Kind = null, string? Formula = null) : IRequest<Ranking>;

internal sealed class GetRankingValidator : AbstractValidator<GetRanking>
{
    public GetRankingValidator()
    {
        RuleFor(x => x.Platform).Must(p => Indexes.VersionFor(p) is not null)
            .WithMessage(_ => new LocalizedText("该平台没有排名指数（微信、微博、短视频平台有）", "This platform has no ranking index (WeChat, Weibo and short-video platforms do)").Current);
        RuleFor(x => x.To).EndsAYearOrLessAfter(x => x.From);
        RuleFor(x => x.Formula).Must((x, f) => f is null || Indexes.VersionsFor(x.Platform).Contains(f))
            .WithMessage(x => new LocalizedText($"该平台的指数版本只有：{string.Join("、", Indexes.VersionsFor(x.Platform))}",
                $"This platform's index versions are: {string.Join(", ", Indexes.VersionsFor(x.Platform))}").Current);
    }
}

internal sealed class GetRankingHandler(IQuerySession session, IDocumentStore store, ICallerScope scope) : IRequestHandler<GetRanking, Ranking>
{
    public async Task<Ranking> Handle(GetRanking query, CancellationToken ct)
    {
        var accounts = (await session.QueryInScopeAsync<Account>(scope, ct)).Where(a => a.Platform == query.Platform
            && a.Status.IsOneOf(AccountStatus.Active, AccountStatus.Suspended));
        if (query.Category is { } category) accounts = accounts.Where(a => a.Category == category);
        var list = await accounts.Select(a => new { a.Id, a.Name, a.Category }).ToListAsync(ct);
        var ids = list.Select(a => a.Id).ToArray();
        var formula = query.Formula ?? Indexes.VersionFor(query.Platform)!;
        var now = await ScoresAsync(query.Platform, formula, ids, query.From, query.To, ct);
        var previous = new DateRange(query.From, query.To).Before(query.Kind);
        var before = query.WithPrevious ? await ScoresAsync(query.Platform, formula, ids, previous.From, previous.To, ct) : null;
        var previousRanks = before is null ? null : Ranks(before);
        var current = Ranks(now);
        // Full precision: rounding is for display (Figures), and ranks follow the full value.
        var entries = list.Select(a => new RankEntry(current[a.Id], a.Id, a.Name, a.Category, now[a.Id],
                previousRanks?[a.Id], before?[a.Id]))
            .OrderBy(e => e.Rank).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        return new Ranking(query.Platform, formula, query.From, query.To, entries);
    }

    // Equal scores share a rank (1, 2, 2, 4); scores that differ only after the second decimal do not.
    private static Dictionary<Guid, int> Ranks(Dictionary<Guid, double> scores) =>
        scores.ToDictionary(s => s.Key, s => 1 + scores.Values.Count(v => v > s.Value));

    private async Task<Dictionary<Guid, double>> ScoresAsync(AccountPlatform platform, string formula, Guid[] ids, DateOnly from, DateOnly to, CancellationToken ct)
    {
        // An account without a row scores what no activity scores in every index: 0 (each term is ln(0 + 1)).
        var scores = ids.ToDictionary(id => id, _ => 0.0);
        if (ids.Length == 0) return scores;
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand(platform == AccountPlatform.WeChat ? $"""
            select account_id, count(*), sum(reads), sum(wows), sum(likes), sum(shares),
                coalesce(sum(reads) filter (where headline), 0), coalesce(sum(wows) filter (where headline), 0),
                coalesce(sum(likes) filter (where headline), 0), coalesce(sum(shares) filter (where headline), 0),
                max(reads), max(wows), max(likes), max(shares),
                max(0.70 * ln(reads + 1) + 0.09 * ln(10 * wows + 1) + 0.06 * ln(10 * likes + 1) + 0.15 * ln(10 * shares + 1))::float8
            from {MetricTables.Articles} where account_id = any($1) and day between $2 and $3 group by account_id
            """ : $"""
            select account_id, sum(posts), sum(original_posts), sum(reposts), sum(comments), sum(original_reposts), sum(original_comments),
                sum(likes), sum(shares), sum(new_followers), {MetricTables.LastKnownFollowers}
            from {MetricTables.Daily} where account_id = any($1) and day between $2 and $3 group by account_id
            """, connection) { Parameters = { new() { Value = ids }, new() { Value = from }, new() { Value = to } } };
        await using var r = await cmd.ExecuteReaderAsync(ct);
        long N(int i) => Convert.ToInt64(r.GetValue(i));
        var days = to.DayNumber - from.DayNumber + 1;
        while (await r.ReadAsync(ct))
            scores[r.GetGuid(0)] = platform == AccountPlatform.WeChat
                ? Indexes.Wci(new WeChatTotals(N(1), N(2), N(3), N(4), N(5), N(6), N(7), N(8), N(9), N(10), N(11), N(12), N(13), r.GetDouble(14)), days, formula)
                : Indexes.VersionFor(platform) == Indexes.BciVersion
                    ? Indexes.Bci(new DailyTotals(N(1), N(2), N(3), N(4), N(5), N(6), N(7), N(8), N(9), N(10)))
                    : Indexes.Dci(new DailyTotals(N(1), N(2), N(3), N(4), N(5), N(6), N(7), N(8), N(9), N(10)));
        return scores;
    }
}

internal static class RankingEndpoints
{
    public static GetRanking Ranking(this PeriodQuery query, AccountPlatform platform, AccountCategory? category, string? formula, IOfficeClock clock)
    {
        var period = query.Resolve(clock);
        return new GetRanking(platform, period.From, period.To, category, Kind: query.Kind, Formula: formula);
    }

    /// <summary>A ranking as a workbook's rows (live and published rankings export alike).</summary>
    public static IEnumerable<IDictionary<string, object?>> Rows(Ranking ranking) => ranking.Entries.Select(e => new Dictionary<string, object?>
    {
        ["名次"] = e.Rank, ["账号"] = e.Name, ["类别"] = Workbook.CategoryNames[e.Category], ["得分"] = Figures.Two(e.Score), ["上期名次"] = e.PreviousRank,
        ["变化"] = e.PreviousRank - e.Rank, ["指数"] = ranking.Formula, ["期间"] = $"{ranking.From:yyyy-MM-dd}—{ranking.To:yyyy-MM-dd}",
    });

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/rankings/export", async (AccountPlatform platform, [AsParameters] PeriodQuery period, AccountCategory? category, string? formula,
                IMediator mediator, IOfficeClock clock, CancellationToken ct) =>
            {
                var ranking = await mediator.Send(period.Ranking(platform, category, formula, clock), ct);
                return NetInfoSuite.Ui.ExportCells.File(Rows(ranking), $"ranking-{platform}-{ranking.From:yyyyMMdd}-{ranking.To:yyyyMMdd}.xlsx");
            })
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("A ranking as an Excel workbook");
        routes.MapGet("/rankings", async (AccountPlatform platform, [AsParameters] PeriodQuery period, AccountCategory? category, string? formula,
                IMediator mediator, IOfficeClock clock, CancellationToken ct) =>
            Results.Ok(await mediator.Send(period.Ranking(platform, category, formula, clock), ct)))
        .RequirePermission(AccountMatrixPermissions.Read)
        .WithSummary("Accounts ranked by WCI (WeChat), BCI (Weibo) or DCI (short video) over a week, month, quarter, year or from–to, with the previous period's ranks; formula picks an earlier version (WCI V14.2) to compute an old ranking again")
        .Produces<Ranking>().ProducesValidationProblem();
    }
}

/// <summary>Answers the contract <see cref="GetAccountRanking"/> with the same ranking the API gives.</summary>
internal sealed class GetAccountRankingHandler(IMediator mediator) : IRequestHandler<GetAccountRanking, AccountRankingInfo>
{
    public async Task<AccountRankingInfo> Handle(GetAccountRanking query, CancellationToken ct)
    {
        if (!Enum.TryParse<AccountPlatform>(query.Platform, ignoreCase: true, out var platform))
            throw new RuleViolationException("platform", $"未知平台“{query.Platform}”", $"Unknown platform '{query.Platform}'");
        AccountCategory? category = null;
        if (query.Category is { } text)
            category = Enum.TryParse<AccountCategory>(text, ignoreCase: true, out var c) ? c
                : throw new RuleViolationException("category", $"未知类别“{text}”", $"Unknown category '{text}'");
        var ranking = await mediator.Send(new GetRanking(platform, query.From, query.To, category), ct);
        return new AccountRankingInfo(ranking.Platform.ToString(), ranking.Formula, ranking.From, ranking.To,
            ranking.Entries.Select(e => new AccountRankInfo(e.Rank, e.AccountId, e.Name, e.Category.ToString(), e.Score, e.PreviousRank)).ToList());
    }
}
