namespace NetInfoSuite.Modules.Directory.Domain;

internal static class OrgUnitQueries
{
    public static Task<bool> CodeExists(this IQuerySession session, string code, CancellationToken ct) =>
        session.Query<OrgUnit>().AnyAsync(x => x.Code == code, ct);

    /// <summary>Whether another active unit under this parent has the name (the unique index decides races).</summary>
    public static Task<bool> SiblingNamed(this IQuerySession session, Guid? parentId, string name, Guid except, CancellationToken ct) =>
        session.Query<OrgUnit>().AnyAsync(x => x.ParentId == parentId && x.Name == name && x.Active && x.Id != except, ct);

    /// <summary>Whether the tree has its one root (a City or a Province) already.</summary>
    public static Task<bool> RootExists(this IQuerySession session, CancellationToken ct) =>
        session.Query<OrgUnit>().AnyAsync(x => x.ParentId == null, ct);

    /// <summary>The unit and all its descendants, parents before children, siblings by code.</summary>
    public static async Task<List<OrgUnit>> LoadSubtree(this IQuerySession session, OrgUnit root, int? maxDepth,
        bool includeInactive, CancellationToken ct)
    {
        var query = session.Query<OrgUnit>().Where(x => x.Path.StartsWith(root.Path));
        if (maxDepth is { } d) query = query.Where(x => x.Depth <= root.Depth + d);
        if (!includeInactive) query = query.Where(x => x.Active);
        var units = await query.ToListAsync(ct);
        return InTreeOrder(units, root.Id);
    }

    public static List<OrgUnit> InTreeOrder(IReadOnlyList<OrgUnit> units, Guid? rootId)
    {
        var children = units.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!.Value);
        var ordered = new List<OrgUnit>(units.Count);
        var stack = new Stack<OrgUnit>(units.Where(u => rootId is null ? u.ParentId is null : u.Id == rootId)
            .OrderByDescending(u => u.Code, StringComparer.Ordinal));
        while (stack.TryPop(out var unit))
        {
            ordered.Add(unit);
            foreach (var child in children[unit.Id].OrderByDescending(c => c.Code, StringComparer.Ordinal))
                stack.Push(child);
        }
        return ordered;
    }
}
