namespace NetInfoSuite.Modules.Directory.GetOrgUnit;

/// <summary>Answers the contract request <see cref="Contracts.Directory.GetOrgUnit"/> for every module.</summary>
internal sealed class GetOrgUnitHandler(DirectoryScope scope) : IRequestHandler<Contracts.Directory.GetOrgUnit, OrgUnitInfo?>
{
    public async Task<OrgUnitInfo?> Handle(Contracts.Directory.GetOrgUnit request, CancellationToken ct) =>
        (await scope.FindAsync(request.Id.Value, ct))?.ToInfo();
}

[RequiresPermission(DirectoryPermissions.Read)]
internal sealed record GetOrgUnitByCode(string Code) : IRequest<OrgUnitInfo?>;

internal sealed class GetOrgUnitByCodeHandler(DirectoryScope scope) : IRequestHandler<GetOrgUnitByCode, OrgUnitInfo?>
{
    public async Task<OrgUnitInfo?> Handle(GetOrgUnitByCode request, CancellationToken ct) =>
        (await (await scope.QueryAsync(ct)).FirstOrDefaultAsync(x => x.Code == request.Code.Trim(), ct))?.ToInfo();
}

/// <summary>Answers <see cref="GetOrgUnitsByCode"/> for other modules' imports.</summary>
internal sealed class GetOrgUnitsByCodeHandler(DirectoryScope scope) : IRequestHandler<GetOrgUnitsByCode, IReadOnlyList<OrgUnitInfo>>
{
    public async Task<IReadOnlyList<OrgUnitInfo>> Handle(GetOrgUnitsByCode request, CancellationToken ct)
    {
        var codes = request.Codes.Select(c => c.Trim()).Distinct().ToArray();
        return (await (await scope.QueryAsync(ct)).Where(x => codes.Contains(x.Code)).ToListAsync(ct)).Select(u => u.ToInfo()).ToList();
    }
}

/// <summary>Answers <see cref="GetOrgUnits"/>: many units in one query.</summary>
internal sealed class GetOrgUnitsHandler(DirectoryScope scope) : IRequestHandler<GetOrgUnits, IReadOnlyList<OrgUnitInfo>>
{
    public async Task<IReadOnlyList<OrgUnitInfo>> Handle(GetOrgUnits request, CancellationToken ct)
    {
        var ids = request.Ids.Select(id => id.Value).Distinct().ToArray();
        return (await (await scope.QueryAsync(ct)).Where(x => ids.Contains(x.Id)).ToListAsync(ct)).Select(u => u.ToInfo()).ToList();
    }
}

/// <summary>Answers <see cref="GetOrgPath"/>: the platform asks it to place users in tenants and subtrees,
/// so it answers whoever asks; it is not exposed over HTTP.</summary>
internal sealed class GetOrgPathHandler(IQuerySession session) : IRequestHandler<GetOrgPath, IReadOnlyList<OrgUnitInfo>>
{
    public async Task<IReadOnlyList<OrgUnitInfo>> Handle(GetOrgPath request, CancellationToken ct) =>
        (await OrgPathsHandler.PathsAsync(session, [request.Id.Value], ct)).GetValueOrDefault(request.Id) ?? [];
}

/// <summary>Answers <see cref="GetOrgPaths"/>: the units, then all their ancestors, in two queries.</summary>
internal sealed class OrgPathsHandler(IQuerySession session) : IRequestHandler<GetOrgPaths, IReadOnlyDictionary<OrgUnitId, IReadOnlyList<OrgUnitInfo>>>
{
    public async Task<IReadOnlyDictionary<OrgUnitId, IReadOnlyList<OrgUnitInfo>>> Handle(GetOrgPaths request, CancellationToken ct) =>
        await PathsAsync(session, request.Ids.Select(i => i.Value).Distinct().ToArray(), ct);

    internal static async Task<Dictionary<OrgUnitId, IReadOnlyList<OrgUnitInfo>>> PathsAsync(IQuerySession session, Guid[] ids, CancellationToken ct)
    {
        if (ids.Length == 0) return [];
        var units = await session.LoadManyAsync<OrgUnit>(ct, ids);
        var paths = units.ToDictionary(u => u.Id, u => u.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList());
        var above = (await session.LoadManyAsync<OrgUnit>(ct, paths.Values.SelectMany(p => p).Distinct())).ToDictionary(u => u.Id);
        return paths.ToDictionary(p => new OrgUnitId(p.Key),
            p => (IReadOnlyList<OrgUnitInfo>)p.Value.Where(above.ContainsKey).Select(id => above[id].ToInfo()).ToList());
    }
}
