namespace NetInfoSuite.Modules.Directory.GetOrgUnit;

/// <summary>Answers the contract request <see cref="Contracts.Directory.GetOrgUnit"/> for every module.</summary>
internal sealed class GetOrgUnitHandler(IQuerySession session) : IRequestHandler<Contracts.Directory.GetOrgUnit, OrgUnitInfo?>
{
    public async Task<OrgUnitInfo?> Handle(Contracts.Directory.GetOrgUnit request, CancellationToken ct) =>
        (await session.LoadAsync<OrgUnit>(request.Id.Value, ct))?.ToInfo();
}

internal sealed record GetOrgUnitByCode(string Code) : IRequest<OrgUnitInfo?>;

internal sealed class GetOrgUnitByCodeHandler(IQuerySession session) : IRequestHandler<GetOrgUnitByCode, OrgUnitInfo?>
{
    public async Task<OrgUnitInfo?> Handle(GetOrgUnitByCode request, CancellationToken ct) =>
        (await session.Query<OrgUnit>().FirstOrDefaultAsync(x => x.Code == request.Code.Trim(), ct))?.ToInfo();
}
