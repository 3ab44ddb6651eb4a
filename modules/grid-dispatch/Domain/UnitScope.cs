using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.GridDispatch.Domain;

/// <summary>Where an org unit sits, as grid-dispatch keeps it on its rows: the path of ids from the city down,
/// and its county and street. Learned from the directory through the contract.</summary>
internal sealed record UnitPlace(Guid Id, string Name, OrgLevel Level, string Path, Guid? CountyId, Guid? StreetId);

/// <summary>The caller's subtree ("/" for the city level) and the places of units, through the directory.</summary>
internal sealed class UnitScope(IMediator mediator, ICaller caller)
{
    private string? _callerPath;

    public async Task<UnitPlace?> PlaceOfAsync(Guid unitId, CancellationToken ct)
    {
        var path = await mediator.Send(new GetOrgPath(new OrgUnitId(unitId)), ct);
        if (path.Count == 0) return null;
        var unit = path[^1];
        return new UnitPlace(unitId, unit.Name, unit.Level, OrgPaths.Of(path),
            path.FirstOrDefault(u => u.Level == OrgLevel.County)?.Id.Value, path.FirstOrDefault(u => u.Level == OrgLevel.Street)?.Id.Value);
    }

    /// <summary>The caller's subtree path: every row whose path starts with it is theirs.</summary>
    public async Task<string> CallerPathAsync(CancellationToken ct) => _callerPath ??= await OrgPaths.OfCallerAsync(mediator, caller, ct);

    public async Task<bool> CoversAsync(string path, CancellationToken ct) =>
        path.StartsWith(await CallerPathAsync(ct), StringComparison.Ordinal);
}
