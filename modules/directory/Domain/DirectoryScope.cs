namespace NetInfoSuite.Modules.Directory.Domain;

/// <summary>What part of the tree the caller may see: the city level sees all of it, everyone else the
/// subtree of their own unit. Units outside it answer 404, as if they did not exist.</summary>
internal sealed class DirectoryScope(IQuerySession session, ICaller caller)
{
    private const string Nothing = "/none/";
    private string? _rootPath;

    /// <summary>The path prefix every visible unit starts with ("/" for the whole tree).</summary>
    public async Task<string> RootPathAsync(CancellationToken ct)
    {
        if (_rootPath is not null) return _rootPath;
        if (caller.IsCityWide) return _rootPath = "/";
        var own = caller.OrgUnit is { } id ? await session.LoadAsync<OrgUnit>(id.Value, ct) : null;
        return _rootPath = own?.Path ?? Nothing;
    }

    public async Task<bool> CoversAsync(OrgUnit? unit, CancellationToken ct) =>
        unit is not null && unit.Path.StartsWith(await RootPathAsync(ct), StringComparison.Ordinal);

    /// <summary>The unit if it exists and the caller may see it, else null.</summary>
    public async Task<OrgUnit?> FindAsync(Guid id, CancellationToken ct)
    {
        var unit = await session.LoadAsync<OrgUnit>(id, ct);
        return await CoversAsync(unit, ct) ? unit : null;
    }

    public async Task<OrgUnit> LoadOrThrowAsync(Guid id, CancellationToken ct) =>
        await FindAsync(id, ct) ?? throw new NotFoundException("org unit", id.ToString());

    /// <summary>Only units inside the caller's subtree.</summary>
    public async Task<IQueryable<OrgUnit>> QueryAsync(CancellationToken ct)
    {
        var root = await RootPathAsync(ct);
        var query = session.Query<OrgUnit>().AsQueryable();
        return root == "/" ? query : query.Where(x => x.Path.StartsWith(root));
    }
}
