using Npgsql;

namespace NetInfoSuite.Modules.Directory.Domain;

internal static class OrgUnitChanges
{
    /// <summary>The unit as this command's session loads it, so its version is checked when the command commits
    /// (org units use optimistic concurrency: of two commands changing one unit at once, the second fails with 409
    /// and nothing of it is stored). Outside the caller's subtree it does not exist.</summary>
    public static async Task<OrgUnit> LoadForChangeAsync(this IDocumentSession session, DirectoryScope scope, Guid id, CancellationToken ct)
    {
        var unit = await session.LoadAsync<OrgUnit>(id, ct);
        return unit is not null && await scope.CoversAsync(unit, ct) ? unit : throw new NotFoundException("org unit", id.ToString());
    }

    /// <summary>Stores the unit unchanged: its version is checked at commit and bumped, so a command that builds on
    /// it (a child's new path, a child under it) conflicts with any concurrent change to it. Two concurrent moves then
    /// cannot make a cycle: each rewrites the subtree the other builds on.</summary>
    public static void BuildsOn(this IDocumentSession session, OrgUnit unit) => session.Store(unit);

    /// <summary>Commits the change and the other modules' notice of it in one transaction (the outbox delivers it after).</summary>
    public static async Task<OrgUnitInfo> SaveAndAnnounce(this IDocumentSession session, IOutbox outbox,
        OrgUnit unit, OrgUnitChange change, CancellationToken ct, string nameField = "name")
    {
        var info = unit.ToInfo();
        outbox.Publish(session, new OrgUnitChanged(info, change));
        await session.SaveChecked(() => OrgRules.NameTaken(nameField, unit.Name), ct);
        return info;
    }

    /// <summary>Commits; a sibling of the same name stored by someone else meanwhile (the handler's own check
    /// passed) is refused by the unique index, and answered like the check would have.</summary>
    public static async Task SaveChecked(this IDocumentSession session, Func<Violation> clash, CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (SiblingNameClash(ex))
        {
            throw new RuleViolationException([clash()]);
        }
    }

    private static bool SiblingNameClash(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg && pg.ConstraintName?.Contains(OrgRules.SiblingNameIndex) == true)
                return true;
        return false;
    }
}
