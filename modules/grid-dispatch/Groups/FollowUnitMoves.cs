using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.GridDispatch.Groups;

/// <summary>When the directory moves a unit, the groups under it follow: the platform rewrites their path (as for every
/// <see cref="IOrgScoped"/> record); their city, county and street are read again from the directory here. Tasks already
/// issued keep the place they were issued to (the record of that directive).</summary>
[ReadsAcrossScopes("a move is followed in the whole moved subtree, whoever moved it")]
internal sealed class FollowUnitMoves(IDocumentSession session, ICallerScope scope) : INotificationHandler<OrgUnitChanged>
{
    public async Task Handle(OrgUnitChanged changed, CancellationToken ct)
    {
        if (changed.Change != OrgUnitChange.Moved) return;
        var segment = "/" + changed.Unit.Id.Value.ToString("N") + "/";
        var groups = await session.Query<GridGroup>().Where(g => g.UnitPath.Contains(segment)).ToListAsync(ct);
        foreach (var unit in groups.GroupBy(g => g.OrgUnitId))
        {
            if (await scope.PlaceOfAsync(unit.Key, ct) is not { } place) continue;
            foreach (var group in unit)
            {
                group.SitAt(place);
                session.Store(group);
            }
        }
        await session.SaveChangesAsync(ct);
    }
}
