namespace NetInfoSuite.Modules.Directory.Domain;

internal static class OrgUnitChanges
{
    /// <summary>Commits the session (one transaction), then tells the other modules.</summary>
    public static async Task<OrgUnitInfo> SaveAndAnnounce(this IDocumentSession session, IMediator mediator,
        OrgUnit unit, OrgUnitChange change, CancellationToken ct)
    {
        await session.SaveChangesAsync(ct);
        var info = unit.ToInfo();
        await mediator.Publish(new OrgUnitChanged(info, change), ct);
        return info;
    }
}
