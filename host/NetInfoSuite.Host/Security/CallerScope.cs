using MediatR;
using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Security;

/// <summary>The caller's subtree and units' places, as the directory knows them: the one implementation of scope that
/// every module and the platform use (docs/adr/0017).</summary>
internal sealed class CallerScope(IMediator mediator, ICaller caller) : ICallerScope
{
    private string? _callerPath;

    public async Task<string> CallerPathAsync(CancellationToken ct) => _callerPath ??= await OrgPaths.OfCallerAsync(mediator, caller, ct);

    public async Task<bool> CoversAsync(string unitPath, CancellationToken ct) =>
        unitPath.StartsWith(await CallerPathAsync(ct), StringComparison.Ordinal);

    public async Task<OrgPlace?> PlaceOfAsync(Guid unitId, CancellationToken ct)
    {
        var path = await mediator.Send(new GetOrgPath(new(unitId)), ct);
        return path.Count == 0 ? null : new OrgPlace(path);
    }
}
