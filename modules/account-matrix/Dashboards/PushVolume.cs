using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.AccountMatrix.Dashboards;

public sealed record UnitSeries(Guid UnitId, string Name, IReadOnlyList<long> Values);

/// <summary>Posts per day across the caller's matrix, and per unit directly below the caller (counties for the city).</summary>
public sealed record PushVolume(IReadOnlyList<DateOnly> Days, IReadOnlyList<long> Total, IReadOnlyList<UnitSeries> Units);

/// <summary>日推送量: how much the matrix publishes each day (posts as <see cref="MetricTables.PostsPerDay"/> counts them).</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetPushVolume(DateOnly From, DateOnly To) : IRequest<PushVolume>;

internal sealed class GetPushVolumeValidator : AbstractValidator<GetPushVolume>
{
    public GetPushVolumeValidator() => RuleFor(x => x.To).EndsAYearOrLessAfter(x => x.From);
}

internal sealed class GetPushVolumeHandler(IQuerySession session, IDocumentStore store, IMediator mediator, ICallerScope scope, ICaller caller)
    : IRequestHandler<GetPushVolume, PushVolume>
{
    public async Task<PushVolume> Handle(GetPushVolume query, CancellationToken ct)
    {
        var accounts = await (await session.QueryInScopeAsync<Account>(scope, ct)).Select(a => new { a.Id, a.UnitPath }).ToListAsync(ct);
        // Each account counts for the unit below the caller that it sits under (or the caller's own unit).
        var below = caller.OrgUnit is { } me ? (await mediator.Send(new GetOrgSubtree(me, 1), ct)).Where(u => u.Id != me).ToList() : [];
        var groupOf = accounts.ToDictionary(a => a.Id, a => below.FirstOrDefault(u => a.UnitPath.Contains(u.Id.Value.ToString("N"), StringComparison.Ordinal))?.Id.Value ?? Guid.Empty);

        var days = Enumerable.Range(0, query.To.DayNumber - query.From.DayNumber + 1).Select(query.From.AddDays).ToList();
        var perUnit = new Dictionary<Guid, long[]>();
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select a.unit, p.day, sum(p.posts)::bigint
            from {MetricTables.PostsPerDay("$1", "$3", "$4")} p join unnest($1::uuid[], $2::uuid[]) as a(id, unit) on a.id = p.account_id
            group by 1, 2
            """, connection)
        {
            Parameters =
            {
                new() { Value = groupOf.Keys.ToArray() }, new() { Value = groupOf.Values.ToArray() }, new() { Value = query.From }, new() { Value = query.To },
            },
        };
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var unit = r.GetGuid(0);
                if (!perUnit.TryGetValue(unit, out var values)) perUnit[unit] = values = new long[days.Count];
                values[r.GetFieldValue<DateOnly>(1).DayNumber - query.From.DayNumber] += r.GetInt64(2);
            }
        var total = days.Select((_, i) => perUnit.Values.Sum(v => v[i])).ToList();
        var units = below.Select(u => new UnitSeries(u.Id.Value, u.Name, perUnit.GetValueOrDefault(u.Id.Value) ?? new long[days.Count])).ToList();
        if (perUnit.TryGetValue(Guid.Empty, out var own) && caller.OrgUnit is { } self)
            units.Insert(0, new UnitSeries(self.Value, new LocalizedText("本级", "Own unit").Current, own));
        return new PushVolume(days, total, units);
    }
}

internal static class PushVolumeEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/dashboards/push-volume", async ([AsParameters] PeriodQuery period, IMediator mediator, IOfficeClock clock, CancellationToken ct) =>
        {
            var p = period.Resolve(clock);
            return Results.Ok(await mediator.Send(new GetPushVolume(p.From, p.To), ct));
        })
        .RequirePermission(AccountMatrixPermissions.Read)
        .WithSummary("Posts per day across the caller's matrix and per unit below the caller (counties for the city)")
        .Produces<PushVolume>().ProducesValidationProblem();
}
