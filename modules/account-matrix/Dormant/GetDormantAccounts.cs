using Microsoft.Extensions.Configuration;
using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.AccountMatrix.Dormant;

public sealed record DormantAccount(Guid AccountId, string Name, AccountPlatform Platform, AccountCategory Category, Guid OwnerUnitId,
    DateOnly? LastPost, int? DaysSinceLastPost, int Threshold);

/// <summary>How many days without a post make an account dormant: 14 by the national inspection rule, configurable
/// per category and owner level (AccountMatrix:Dormant:Days, …:Dormant:News, …:Dormant:News:County; the most specific wins).</summary>
internal sealed class DormantThresholds(IConfiguration configuration)
{
    public const int NationalRule = 14;

    public int For(AccountCategory category, OrgLevel level) =>
        configuration.GetValue<int?>($"AccountMatrix:Dormant:{category}:{level}")
        ?? configuration.GetValue<int?>($"AccountMatrix:Dormant:{category}")
        ?? configuration.GetValue("AccountMatrix:Dormant:Days", NationalRule);
}

/// <summary>僵尸号: active accounts of the caller's subtree (or a unit of it) with no post in the days before
/// <paramref name="At"/>: <paramref name="Days"/> for every account when given, else each account's configured
/// threshold. Days since the last post: null when it never posted.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetDormantAccounts(DateOnly At, int? Days = null, Guid? Unit = null) : IRequest<IReadOnlyList<DormantAccount>>;

internal sealed class GetDormantAccountsValidator : AbstractValidator<GetDormantAccounts>
{
    public GetDormantAccountsValidator() => RuleFor(x => x.Days).InclusiveBetween(1, 365);
}

internal sealed class GetDormantAccountsHandler(IQuerySession session, IDocumentStore store, ICallerScope scope, DormantThresholds thresholds)
    : IRequestHandler<GetDormantAccounts, IReadOnlyList<DormantAccount>>
{
    public async Task<IReadOnlyList<DormantAccount>> Handle(GetDormantAccounts query, CancellationToken ct)
    {
        var path = await scope.CallerPathAsync(ct);
        if (query.Unit is { } unit)
        {
            var place = await scope.PlaceOfAsync(unit, ct);
            if (place is null || !place.Path.StartsWith(path, StringComparison.Ordinal)) throw new NotFoundException("unit", unit.ToString());
            path = place.Path;
        }
        var accounts = await (await session.QueryInScopeAsync<Account>(scope, ct)).Where(a => a.UnitPath.StartsWith(path) && a.Status == AccountStatus.Active).ToListAsync(ct);
        var ids = accounts.Select(a => a.Id).ToArray();
        var last = new Dictionary<Guid, DateOnly>();
        await using (var connection = await MetricTables.OpenAsync(store, ct))
        {
            await using var cmd = new NpgsqlCommand($"""
                select account_id, max(day) from (
                    select account_id, day from {MetricTables.Daily} where account_id = any($1) and posts > 0 and day < $2
                    union all
                    select account_id, day from {MetricTables.Articles} where account_id = any($1) and day < $2) posts
                group by account_id
                """, connection) { Parameters = { new() { Value = ids }, new() { Value = query.At } } };
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) last[r.GetGuid(0)] = r.GetFieldValue<DateOnly>(1);
        }
        // No post in the window [At − Days, At − 1]: the last post was more than Days days before At.
        return accounts
            .Select(a => (a, Last: last.TryGetValue(a.Id, out var d) ? d : (DateOnly?)null, Days: query.Days ?? thresholds.For(a.Category, a.OwnerLevel)))
            .Where(x => x.Last is null || query.At.DayNumber - x.Last.Value.DayNumber > x.Days)
            .Select(x => new DormantAccount(x.a.Id, x.a.Name, x.a.Platform, x.a.Category, x.a.OwnerUnitId, x.Last,
                x.Last is { } l ? query.At.DayNumber - l.DayNumber : null, x.Days))
            .OrderByDescending(d => d.DaysSinceLastPost ?? int.MaxValue).ToList();
    }
}

/// <summary>Answers the contract <see cref="GetDormantAccountsOfUnit"/> (inspection).</summary>
internal sealed class GetDormantAccountsOfUnitHandler(IMediator mediator) : IRequestHandler<GetDormantAccountsOfUnit, IReadOnlyList<DormantAccountInfo>>
{
    public async Task<IReadOnlyList<DormantAccountInfo>> Handle(GetDormantAccountsOfUnit query, CancellationToken ct) =>
        (await mediator.Send(new GetDormantAccounts(query.At, query.Days, query.Unit.Value), ct))
        .Select(d => new DormantAccountInfo(d.AccountId, d.Name, d.Platform.ToString(), new OrgUnitId(d.OwnerUnitId), d.LastPost, d.DaysSinceLastPost)).ToList();
}

/// <summary>Every Monday: each owner unit hears of its dormant accounts (once per unit and week, whichever instance
/// gets there first). The week's claims and their notices (through the outbox) commit together. Runs hourly on every
/// instance; the system administrator may run it now (as the other scheduled work can be, e.g. 督办).</summary>
[RequiresPermission(DormantPermissions.RunWarnings)]
internal sealed record WarnDormantAccounts : ICommand<int>;

internal static class DormantPermissions
{
    /// <summary>Send the week's dormant-account warnings now rather than at the next hourly run (SystemAdmin).</summary>
    public const string RunWarnings = "account-matrix.dormant-warnings";
}

internal sealed class WarnDormantAccountsHandler(IMediator mediator, IDocumentSession session, IOutbox outbox, IOfficeClock clock) : IRequestHandler<WarnDormantAccounts, int>
{
    public async Task<int> Handle(WarnDormantAccounts request, CancellationToken ct)
    {
        var today = clock.Today;
        if (today.DayOfWeek != DayOfWeek.Monday) return 0;
        var warned = 0;
        var dormant = await mediator.Send(new GetDormantAccounts(today), ct);
        await session.BeginTransactionAsync(ct);
        foreach (var unit in dormant.GroupBy(d => d.OwnerUnitId))
        {
            await using var claim = new NpgsqlCommand($"insert into {MetricTables.DormantWarnings} (week, unit_id) values ($1, $2) on conflict do nothing", session.Connection)
                { Parameters = { new() { Value = today }, new() { Value = unit.Key } } };
            if (await claim.ExecuteNonQueryAsync(ct) == 0) continue;
            var names = string.Join("、", unit.Select(d => $"{d.Name}（{(d.DaysSinceLastPost is { } n ? $"{n} 天" : "从未发布")}）"));
            outbox.Send(session, new NetInfoSuite.Contracts.Notifications.Notify(
                NetInfoSuite.Contracts.Notifications.NotificationRecipients.Unit(new OrgUnitId(unit.Key)),
                new("僵尸号提醒：账号长期未更新", "Dormant accounts: no recent post"),
                new($"以下账号超过规定天数未发布：{names}", $"No post for longer than the rule allows: {names}"),
                "/account-matrix", "account-matrix.dormant"));
            warned++;
        }
        await session.SaveChangesAsync(ct);
        return warned;
    }
}

internal static class DormantEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/dormant", async (DateOnly at, int? days, Guid? unit, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new GetDormantAccounts(at, days, unit), ct)))
        .RequirePermission(AccountMatrixPermissions.Read)
        .WithSummary("Active accounts of the caller's subtree (or a unit of it) with no post in the days before the date: the given days, else each account's threshold (14 by the national rule)")
        .Produces<IReadOnlyList<DormantAccount>>().ProducesValidationProblem();

    public sealed record WarningRun(int Units);

    public static void MapRun(IEndpointRouteBuilder routes) => routes
        .MapPost("/dormant/warnings/run", async (IMediator mediator, CancellationToken ct) => Results.Ok(new WarningRun(await mediator.Send(new WarnDormantAccounts(), ct))))
        .RequirePermission(DormantPermissions.RunWarnings)
        .WithSummary("Send this week's dormant-account warnings now (also runs every hour; only on Mondays, each unit once a week): how many units were told")
        .Produces<WarningRun>();
}
