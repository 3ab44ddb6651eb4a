using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.AccountMatrix.Summary;

/// <summary>Answers <see cref="GetMatrixSummary"/>: a unit subtree's accounts, licences, dormant accounts, posts,
/// repost completion, message handling and training over a period, for the inspection module's score cards.</summary>
internal sealed class GetMatrixSummaryHandler(IQuerySession session, IDocumentStore store, IMediator mediator, ICallerScope scope, IOfficeClock clock)
    : IRequestHandler<GetMatrixSummary, MatrixSummary>
{
    public async Task<MatrixSummary> Handle(GetMatrixSummary query, CancellationToken ct)
    {
        var place = await scope.PlaceOfAsync(query.Unit.Value, ct);
        if (place is null || !await scope.CoversAsync(place.Path, ct)) throw new NotFoundException("unit", query.Unit.ToString());
        if (query.To < query.From) throw new RuleViolationException("to", "结束日期不能早于开始日期", "The period must end after it starts");
        var path = place.Path;
        var accounts = await (await session.QueryInScopeAsync<Account>(scope, ct)).Where(a => a.UnitPath.StartsWith(path) && !a.Status.IsOneOf(AccountStatus.Merged, AccountStatus.Closed))
            .ToListAsync(ct);
        var ids = accounts.Select(a => a.Id).ToArray();
        var dormant = await mediator.Send(new GetDormantAccountsOfUnit(query.Unit, query.To), ct);
        var days = clock.Days(query.From, query.To); // from office midnight to office midnight
        var reposts = await (await session.QueryInScopeAsync<RepostTask>(scope, ct)).Where(t => t.UnitPath.StartsWith(path) && t.Deadline >= days.Start && t.Deadline < days.End).ToListAsync(ct);
        // Sessions held in the caller's subtree or above it (the city trains the counties' people).
        var training = await (await session.QueryInScopeOrAboveAsync<Training.TrainingSession>(scope, ct)).Where(t => t.Date >= query.From && t.Date <= query.To).ToListAsync(ct);
        // Attendees from the unit's subtree (one directory call, not one per attendee's unit).
        var inSubtree = (await mediator.Send(new GetOrgSubtree(query.Unit, IncludeInactive: true), ct)).Select(u => u.Id.Value).ToHashSet();
        var ours = training.SelectMany(t => t.Attendees.Where(a => inSubtree.Contains(a.UnitId)).Select(a => (t.Id, a.UnitId))).ToList();

        long posts = 0;
        await using (var connection = await MetricTables.OpenAsync(store, ct))
        {
            await using var cmd = new NpgsqlCommand($"select coalesce(sum(posts), 0)::bigint from {MetricTables.PostsPerDay("$1", "$2", "$3")} p", connection)
                { Parameters = { new() { Value = ids }, new() { Value = query.From }, new() { Value = query.To } } };
            posts = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        return new MatrixSummary(query.Unit, query.From, query.To,
            accounts.Count, accounts.Count(a => a.Status == AccountStatus.Active), accounts.Count(a => a.SecondAccountReason is not null),
            accounts.Count(a => a.Category == AccountCategory.News && !(a.Licence is { } l && l.ValidFrom <= query.To && query.To <= l.ValidTo)), dormant.Count,
            posts, reposts.Count, reposts.Count(t => t.DoneAt is { } done && done < days.End),
            await mediator.Send(new GetMessageFigures(query.Unit, query.To), ct),
            ours.Select(a => a.Id).Distinct().Count(), ours.Count);
    }
}

internal static class SummaryEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/summary", async (Guid unit, [AsParameters] PeriodQuery period, IMediator mediator, IOfficeClock clock, CancellationToken ct) =>
        {
            var p = period.Resolve(clock);
            return Results.Ok(await mediator.Send(new GetMatrixSummary(new OrgUnitId(unit), p.From, p.To), ct));
        })
        .RequirePermission(AccountMatrixPermissions.Read)
        .WithSummary("A unit's matrix at a glance over a period (accounts, licences, dormant, posts, reposts, messages, training): the inspection score card's figures")
        .Produces<MatrixSummary>().ProducesValidationProblem();
}
