using System.Globalization;
using NetInfoSuite.Contracts.Shell;

namespace NetInfoSuite.Modules.Inspection.Scoring;

/// <summary>The home page's cards: the tours' findings still open (the module's own items), and targets of the caller's
/// open plans whose cards are not final yet.</summary>
internal sealed class InspectionCards(IQuerySession session, ICallerScope scope, IOfficeClock clock) : IDashboardCards
{
    public async Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken ct)
    {
        var cards = new List<DashboardCard>();
        if (caller.Has(InspectionPermissions.Tours))
        {
            // Findings the module tracks itself (those that became compliance cases are counted by compliance).
            var today = clock.Today;
            var findings = (await (await session.QueryInScopeAsync<Tour>(scope, ct)).ToListAsync(ct))
                .SelectMany(t => t.Findings).Where(f => f.Case is null && f.RectifiedAt is null).ToList();
            var late = findings.Count(f => f.Deadline < today);
            cards.Add(new(new("待整改巡察问题", "Open tour findings"), findings.Count.ToString(CultureInfo.InvariantCulture),
                new(late > 0 ? $"其中 {late} 项已逾期" : "巡察发现、尚未整改完成的问题",
                    late > 0 ? $"{late} of them overdue" : "Found on tours and not yet rectified"), "/inspection/tours", findings.Count > 0));
        }
        if (!caller.Has(InspectionPermissions.Score)) return cards;
        var plans = await (await session.QueryInScopeAsync<Plan>(scope, ct)).Where(p => p.Status == PlanStatus.Draft).ToListAsync(ct);
        var ids = plans.Select(p => p.Id).ToList();
        var final = ids.Count == 0 ? 0 : await (await session.QueryInScopeAsync<ScoreCard>(scope, ct))
            .CountAsync(c => ids.Contains(c.Plan) && c.FinalisedAt != null, ct);
        var waiting = Math.Max(0, plans.Sum(p => p.Groups.Sum(g => g.Units.Count)) - final);
        cards.Add(new(new("待确认考评表", "Cards awaiting scoring"), waiting.ToString(CultureInfo.InvariantCulture),
            new("进行中的考评方案里尚未确认的考评对象", "Targets of open plans whose card is not final yet"), "/inspection/plans", waiting > 0));
        return cards;
    }
}
