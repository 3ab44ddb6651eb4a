using System.Globalization;
using NetInfoSuite.Contracts.Shell;

namespace NetInfoSuite.Modules.Inspection.Scoring;

/// <summary>The home page's card: targets of the caller's open plans whose cards are not final yet.</summary>
internal sealed class InspectionCards(IQuerySession session, ICallerScope scope) : IDashboardCards
{
    public async Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken ct)
    {
        if (!caller.Has(InspectionPermissions.Score)) return [];
        var plans = await (await session.QueryInScopeAsync<Plan>(scope, ct)).Where(p => p.Status == PlanStatus.Draft).ToListAsync(ct);
        var ids = plans.Select(p => p.Id).ToList();
        var final = ids.Count == 0 ? 0 : await (await session.QueryInScopeAsync<ScoreCard>(scope, ct))
            .CountAsync(c => ids.Contains(c.Plan) && c.FinalisedAt != null, ct);
        var waiting = Math.Max(0, plans.Sum(p => p.Groups.Sum(g => g.Units.Count)) - final);
        return [new(new("待确认考评表", "Cards awaiting scoring"), waiting.ToString(CultureInfo.InvariantCulture),
            new("进行中的考评方案里尚未确认的考评对象", "Targets of open plans whose card is not final yet"), "/inspection/plans", waiting > 0)];
    }
}
