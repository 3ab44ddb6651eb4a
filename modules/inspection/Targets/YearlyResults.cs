using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Modules.Inspection.Scoring;

namespace NetInfoSuite.Modules.Inspection.Targets;

/// <summary>目标管理 (docs/adr/0034): the results of the year's published plans, read from their final cards — no other
/// module is asked, so a result never changes after publication.</summary>
internal sealed class YearlyResultsHandler(IQuerySession session, ICallerScope scope, IMediator mediator)
    : IRequestHandler<GetYearlyResults, IReadOnlyList<YearlyResult>>
{
    public async Task<IReadOnlyList<YearlyResult>> Handle(GetYearlyResults query, CancellationToken ct)
    {
        // Plans run by the caller's subtree, and those run above it (the city's plan scores a county).
        var plans = await (await session.QueryInScopeOrAboveAsync<Plan>(scope, ct))
            .Where(p => p.Year == query.Year && p.Status == PlanStatus.Published).ToListAsync(ct);
        if (plans.Count == 0) return [];
        var ids = plans.Select(p => p.Id).ToList();
        var cards = (await (await session.QueryInScopeOrAboveAsync<ScoreCard>(scope, ct)).Where(c => ids.Contains(c.Plan)).ToListAsync(ct))
            .ToLookup(c => c.Plan);
        var targets = plans.SelectMany(p => p.Groups.SelectMany(g => g.Units)).Select(u => new OrgUnitId(u.Id)).ToHashSet();
        var paths = await mediator.Send(new GetOrgPaths(targets), ct);
        var results = new List<YearlyResult>();
        foreach (var plan in plans)
        {
            var ownPlan = await scope.CoversAsync(plan.UnitPath, ct);
            var tree = PlanTree.Of(plan);
            var scored = cards[plan.Id].Where(c => c.Frozen is not null)
                .ToDictionary(c => c.Unit, c => Scorer.Score(plan, tree, c.Inputs, c.Frozen!));
            foreach (var group in plan.Groups)
            {
                // Publishing finalised every card; a target added to nothing cannot be ranked, so it is left out.
                var ranked = ScoreHandlers.Ranked(new TargetGroup { Units = group.Units.Where(u => scored.ContainsKey(u.Id)).ToList() }, scored).ToList();
                foreach (var (unit, result, rank) in ranked)
                {
                    var id = new OrgUnitId(unit.Id);
                    if (query.Unit is { } only && only != id) continue;
                    // A result of a plan run above the caller counts only for the caller's own units.
                    if (!ownPlan && !(paths.TryGetValue(id, out var place) && await scope.CoversAsync(OrgPaths.Of(place), ct))) continue;
                    results.Add(new YearlyResult(id, unit.Name, plan.Id, plan.Name, plan.OwnerName, group.Name, result.Total, result.FullMarks,
                        result.Grade, result.Vetoed, rank, ranked.Count, plan.PublishedAt!.Value));
                }
            }
        }
        // Plan by plan, each group in rank order: the table reads like the score sheets it comes from.
        return results.OrderByDescending(r => r.PublishedAt).ThenBy(r => r.Group, StringComparer.Ordinal).ThenBy(r => r.Rank).ToList();
    }
}

internal sealed class GetYearlyResultsValidator : AbstractValidator<GetYearlyResults>
{
    public GetYearlyResultsValidator() => RuleFor(x => x.Year).InclusiveBetween(2000, 2100);
}
