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
    public async Task<IReadOnlyList<OrgUnitInfo>> Handle(GetOrgPath request, CancellationToken ct)
    {
        var unit = await session.LoadAsync<OrgUnit>(request.Id.Value, ct);
        if (unit is null) return [];
        var ids = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();
        var units = (await session.LoadManyAsync<OrgUnit>(ct, ids)).ToDictionary(u => u.Id);
        return ids.Where(units.ContainsKey).Select(id => units[id].ToInfo()).ToList();
    }
}
