using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.AccountMatrix.Dashboards;

/// <summary>A county's resident population (常住人口), as the office enters it: the base of app penetration.</summary>
internal sealed class CountyPopulation : IOrgScoped
{
    public Guid Id { get; set; } // the county's unit id
    public string UnitPath { get; set; } = "";
    public long Population { get; set; }
    public int Year { get; set; }
}

/// <summary>Sets a county's resident population (and the year it is for).</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record SetPopulation(Guid UnitId, long Population, int Year) : ICommand<Unit>;

internal sealed class SetPopulationValidator : AbstractValidator<SetPopulation>
{
    public SetPopulationValidator()
    {
        RuleFor(x => x.Population).InclusiveBetween(1, 50_000_000);
        RuleFor(x => x.Year).InclusiveBetween(2000, 2100);
    }
}

internal sealed class SetPopulationHandler(IDocumentSession session, ICallerScope scope) : IRequestHandler<SetPopulation, Unit>
{
    public async Task<Unit> Handle(SetPopulation command, CancellationToken ct)
    {
        var place = await scope.PlaceOfAsync(command.UnitId, ct);
        if (place is null || !await scope.CoversAsync(place.Path, ct)) throw new NotFoundException("unit", command.UnitId.ToString());
        if (place.Level != OrgLevel.County)
            throw new RuleViolationException("unitId", "常住人口按县（市、区）填写", "Population is entered per county");
        session.Store(new CountyPopulation { Id = command.UnitId, UnitPath = place.Path, Population = command.Population, Year = command.Year });
        await session.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

/// <summary>A county's client-app downloads (its CountyApp accounts' latest reported totals) against its population.</summary>
public sealed record CountyDownloads(Guid UnitId, string Name, long Downloads, long? Population, int? PopulationYear, double? PerHundredResidents);

/// <summary>县级融媒体客户端下载量 against 常住人口, per county of the caller's subtree, as at a date.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetAppDownloads(DateOnly At) : IRequest<IReadOnlyList<CountyDownloads>>;

internal sealed class GetAppDownloadsHandler(IQuerySession session, IDocumentStore store, IMediator mediator, ICallerScope scope, ICaller caller)
    : IRequestHandler<GetAppDownloads, IReadOnlyList<CountyDownloads>>
{
    public async Task<IReadOnlyList<CountyDownloads>> Handle(GetAppDownloads query, CancellationToken ct)
    {
        if (caller.OrgUnit is not { } me) return [];
        var counties = (await mediator.Send(new GetOrgSubtree(me, 1), ct)).Where(u => u.Level == OrgLevel.County).ToList();
        var apps = await (await session.QueryInScopeAsync<Account>(scope, ct)).Where(a => a.Platform == AccountPlatform.CountyApp
            && !a.Status.IsOneOf(AccountStatus.Merged, AccountStatus.Closed)).Select(a => new { a.Id, a.UnitPath }).ToListAsync(ct);
        var populations = (await (await session.QueryInScopeAsync<CountyPopulation>(scope, ct)).ToListAsync(ct)).ToDictionary(p => p.Id);

        var latest = new Dictionary<Guid, long>();
        await using (var connection = await MetricTables.OpenAsync(store, ct))
        {
            await using var cmd = new NpgsqlCommand($"""
                select distinct on (account_id) account_id, downloads from {MetricTables.Daily}
                where account_id = any($1) and day <= $2 and downloads > 0 order by account_id, day desc
                """, connection) { Parameters = { new() { Value = apps.Select(a => a.Id).ToArray() }, new() { Value = query.At } } };
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) latest[r.GetGuid(0)] = r.GetInt64(1);
        }
        return counties.Select(c =>
            {
                var key = c.Id.Value.ToString("N");
                var downloads = apps.Where(a => a.UnitPath.Contains(key, StringComparison.Ordinal)).Sum(a => latest.GetValueOrDefault(a.Id));
                var population = populations.GetValueOrDefault(c.Id.Value);
                return new CountyDownloads(c.Id.Value, c.Name, downloads, population?.Population, population?.Year,
                    population is null ? null : Math.Round(100.0 * downloads / population.Population, 2));
            })
            .OrderByDescending(c => c.PerHundredResidents ?? -1).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
    }
}

internal static class AppDownloadEndpoints
{
    public sealed record PopulationBody(long Population, int Year);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/dashboards/app-downloads", async (DateOnly? at, IMediator mediator, IOfficeClock clock, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetAppDownloads(at ?? clock.Today), ct)))
            .RequirePermission(AccountMatrixPermissions.Read)
            .WithSummary("Each county's client-app downloads against its resident population (per 100 residents)")
            .Produces<IReadOnlyList<CountyDownloads>>();
        routes.MapPut("/population/{unitId:guid}", async (Guid unitId, PopulationBody body, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new SetPopulation(unitId, body.Population, body.Year), ct);
                return Results.NoContent();
            })
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Set a county's resident population (常住人口)").ProducesValidationProblem();
    }
}
