using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.AccountMatrix.Rankings;

/// <summary>One account of a "most influential" list: its platform's index score, and that score as a share of the
/// best on the same platform (0–100), which is how accounts of different platforms compare.</summary>
public sealed record InfluentialEntry(int Rank, Guid AccountId, string Name, AccountPlatform Platform, double Score, double Reach);

public sealed record InfluentialList(string Key, string Title, IReadOnlyList<InfluentialEntry> Entries);

/// <summary>最具影响力 lists for a period: government WeChat accounts (by WCI), news accounts, county government
/// accounts and service accounts (by reach across their platforms).</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetInfluentialLists(DateOnly From, DateOnly To, int Top) : IRequest<IReadOnlyList<InfluentialList>>;

internal sealed class GetInfluentialListsValidator : AbstractValidator<GetInfluentialLists>
{
    public GetInfluentialListsValidator()
    {
        RuleFor(x => x.Top).InclusiveBetween(1, 100);
        RuleFor(x => x.To).EndsAYearOrLessAfter(x => x.From);
    }
}

internal sealed class GetInfluentialListsHandler(IQuerySession session, IMediator mediator, ICallerScope scope) : IRequestHandler<GetInfluentialLists, IReadOnlyList<InfluentialList>>
{
    private static readonly AccountPlatform[] Ranked = Enum.GetValues<AccountPlatform>().Where(p => Indexes.VersionFor(p) is not null).ToArray();

    public async Task<IReadOnlyList<InfluentialList>> Handle(GetInfluentialLists query, CancellationToken ct)
    {
        var levels = (await (await session.QueryInScopeAsync<Account>(scope, ct)).Select(a => new { a.Id, a.OwnerLevel }).ToListAsync(ct))
            .ToDictionary(a => a.Id, a => a.OwnerLevel);
        var all = new List<(RankEntry Entry, AccountPlatform Platform, double Reach)>();
        foreach (var platform in Ranked)
        {
            var entries = (await mediator.Send(new GetRanking(platform, query.From, query.To, null, WithPrevious: false), ct)).Entries;
            var best = entries.Count == 0 ? 0 : entries.Max(e => e.Score);
            all.AddRange(entries.Select(e => (e, platform, best > 0 ? 100 * e.Score / best : 0)));
        }
        InfluentialList List(string key, string zh, string en, Func<(RankEntry Entry, AccountPlatform Platform, double Reach), bool> pick,
            Func<(RankEntry Entry, AccountPlatform Platform, double Reach), double> by) =>
            new(key, new LocalizedText(zh, en).Current, all.Where(pick).Where(x => x.Entry.Score > 0).OrderByDescending(by).ThenBy(x => x.Entry.Name, StringComparer.Ordinal)
                .Take(query.Top).Select((x, i) => new InfluentialEntry(i + 1, x.Entry.AccountId, x.Entry.Name, x.Platform, x.Entry.Score, x.Reach)).ToList());
        return
        [
            List("government-wechat", "政务微信影响力", "Government WeChat accounts",
                x => x.Entry.Category == AccountCategory.Government && x.Platform == AccountPlatform.WeChat, x => x.Entry.Score),
            List("news", "新闻类账号影响力", "News accounts", x => x.Entry.Category == AccountCategory.News, x => x.Reach),
            List("county-government", "县级政务账号影响力", "County government accounts",
                x => x.Entry.Category == AccountCategory.Government && levels.GetValueOrDefault(x.Entry.AccountId) == OrgLevel.County, x => x.Reach),
            List("service", "服务类账号影响力", "Service accounts", x => x.Entry.Category == AccountCategory.Service, x => x.Reach),
        ];
    }
}

internal static class InfluentialEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/rankings/influential", async ([AsParameters] PeriodQuery period, int? top, IMediator mediator, IOfficeClock clock, CancellationToken ct) =>
        {
            var p = period.Resolve(clock);
            return Results.Ok(await mediator.Send(new GetInfluentialLists(p.From, p.To, top ?? 10), ct));
        })
        .RequirePermission(AccountMatrixPermissions.Read)
        .WithSummary("The most influential government WeChat, news, county government and service accounts of a period")
        .Produces<IReadOnlyList<InfluentialList>>().ProducesValidationProblem();
}
