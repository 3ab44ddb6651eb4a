namespace NetInfoSuite.Modules.NetizenRegistry.Summary;

/// <summary>Answers <see cref="GetNetizenSummary"/> for the inspection module's score cards: a unit subtree's
/// personalities by field and tier, typical good netizens, honours of the period and the reach of its field trips.</summary>
internal sealed class GetNetizenSummaryHandler(IQuerySession session, ICallerScope scope, IOfficeClock clock)
    : IRequestHandler<GetNetizenSummary, NetizenSummary>
{
    public async Task<NetizenSummary> Handle(GetNetizenSummary query, CancellationToken ct)
    {
        var place = await scope.PlaceOfAsync(query.Unit.Value, ct);
        if (place is null || !await scope.CoversAsync(place.Path, ct)) throw new NotFoundException("unit", query.Unit.ToString());
        if (query.To < query.From) throw new RuleViolationException("to", "结束日期不能早于开始日期", "The period must end after it starts");
        var path = place.Path;
        var end = clock.Days(query.From, query.To).End;
        var profiles = await (await session.QueryInScopeAsync<Profile>(scope, ct))
            .Where(p => p.UnitPath.StartsWith(path) && p.AnonymisedAt == null && p.CreatedAt < end).ToListAsync(ct);
        var honours = profiles.SelectMany(p => p.Honours).Where(h => h.AwardedOn >= query.From && h.AwardedOn <= query.To).ToList();
        var trips = await (await session.QueryInScopeAsync<FieldTrip>(scope, ct))
            .Where(t => t.UnitPath.StartsWith(path) && t.From <= query.To && t.To >= query.From).ToListAsync(ct);

        return new NetizenSummary(query.Unit, query.From, query.To, profiles.Count,
            Enum.GetValues<NetizenField>().Select(f => new NamedCount(f.ToString(), RegistryText.Field(f), profiles.Count(p => p.Field == f))).ToList(),
            Enum.GetValues<InfluenceTier>().Reverse().Select(t => new NamedCount(t.ToString(), RegistryText.Tier(t), profiles.Count(p => p.Tier == t))).ToList(),
            profiles.Count(p => p.Typical is { } typical && typical.RecognisedOn <= query.To), honours.Count,
            new[] { HonourLevel.National, HonourLevel.Provincial, HonourLevel.City, HonourLevel.County }.Select(l => new NamedCount(l.ToString(), RegistryText.Level(l), honours.Count(h => h.Level == l))).ToList(),
            trips.Count, trips.SelectMany(t => t.Participants).Distinct().Count(), trips.Sum(t => t.ContentReads), trips.Sum(t => t.TopicReads));
    }
}

internal static class SummaryEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/summary", async (Guid unit, DateOnly from, DateOnly to, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new GetNetizenSummary(new OrgUnitId(unit), from, to), ct)))
        .RequirePermission(NetizenRegistryPermissions.Read)
        .WithSummary("A unit subtree's personalities, good netizens, honours and field-trip reach over a period (inspection's score card)")
        .Produces<NetizenSummary>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
