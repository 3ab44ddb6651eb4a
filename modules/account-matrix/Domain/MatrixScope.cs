using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.AccountMatrix.Domain;

/// <summary>The caller's subtree ("/" for the city level) and a unit's path, as the directory knows them.</summary>
internal sealed class MatrixScope(IMediator mediator, ICaller caller)
{
    private string? _callerPath;

    public async Task<(string Path, OrgLevel Level)?> PlaceOfAsync(Guid unitId, CancellationToken ct)
    {
        var path = await mediator.Send(new GetOrgPath(new OrgUnitId(unitId)), ct);
        return path.Count == 0 ? null : (OrgPaths.Of(path), path[^1].Level);
    }

    public async Task<string> CallerPathAsync(CancellationToken ct) => _callerPath ??= await OrgPaths.OfCallerAsync(mediator, caller, ct);

    public async Task<bool> CoversAsync(string path, CancellationToken ct) => path.StartsWith(await CallerPathAsync(ct), StringComparison.Ordinal);
}
