namespace NetInfoSuite.Modules.AccountMatrix.Rankings;

public sealed record ScorePoint(DateOnly From, DateOnly To, double Score, int Rank, int Of);

/// <summary>An account's index score and rank (among the caller's accounts on its platform) for each of the last
/// <paramref name="Count"/> whole periods before <paramref name="Until"/>, oldest first: the account's chart.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetScoreHistory(Guid AccountId, PeriodKind Kind, int Count, DateOnly Until) : IRequest<IReadOnlyList<ScorePoint>>;

internal sealed class GetScoreHistoryValidator : AbstractValidator<GetScoreHistory>
{
    public GetScoreHistoryValidator() => RuleFor(x => x.Count).InclusiveBetween(1, 53);
}

internal sealed class GetScoreHistoryHandler(IQuerySession session, IMediator mediator, ICallerScope scope) : IRequestHandler<GetScoreHistory, IReadOnlyList<ScorePoint>>
{
    public async Task<IReadOnlyList<ScorePoint>> Handle(GetScoreHistory query, CancellationToken ct)
    {
        var account = await session.LoadInScopeOrThrowAsync<Account>(scope, query.AccountId, "account", ct);
        if (Indexes.VersionFor(account.Platform) is null)
            throw new RuleViolationException("accountId", "该平台没有排名指数（微信、微博、短视频平台有）", "This platform has no ranking index (WeChat, Weibo and short-video platforms do)");
        var points = new List<ScorePoint>(query.Count);
        var period = DateRange.LastWhole(query.Kind, query.Until);
        for (var i = 0; i < query.Count; i++, period = period.Before(query.Kind))
        {
            var ranking = await mediator.Send(new GetRanking(account.Platform, period.From, period.To, null, WithPrevious: false), ct);
            // An account suspended or closed since is no longer ranked: its point is left out.
            if (ranking.Entries.FirstOrDefault(e => e.AccountId == account.Id) is { } entry)
                points.Add(new ScorePoint(period.From, period.To, entry.Score, entry.Rank, ranking.Entries.Count));
        }
        points.Reverse();
        return points;
    }
}

internal static class ScoreHistoryEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/accounts/{id:guid}/scores", async (Guid id, string? period, int? count, DateOnly? until, IMediator mediator, IOfficeClock clock,
                CancellationToken ct) =>
            Results.Ok(await mediator.Send(new GetScoreHistory(id, PeriodQuery.ParseKind(period) ?? PeriodKind.Week, count ?? 12,
                until ?? clock.Today), ct)))
        .RequirePermission(AccountMatrixPermissions.Read)
        .WithSummary("The account's index score and rank for each of the last whole weeks (or months, quarters, years) before today (or until), oldest first")
        .Produces<IReadOnlyList<ScorePoint>>().ProducesValidationProblem();
}
