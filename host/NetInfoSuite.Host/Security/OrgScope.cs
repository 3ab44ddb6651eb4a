using MediatR;
using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Security;

/// <summary>Where a unit sits for the platform's users: whether the caller's subtree covers it (through the one
/// <see cref="ICallerScope"/>), and whether the caller is a county's office. (Which tenant a unit belongs to: <see cref="Tenants.Of"/>.)</summary>
public sealed class OrgScope(IMediator mediator, ICaller caller, ICallerScope scope)
{
    /// <summary>The unit's path, root first; empty when it does not exist, is outside the caller's subtree,
    /// or the directory is not deployed.</summary>
    public async Task<IReadOnlyList<OrgUnitInfo>> PathAsync(Guid orgUnitId, CancellationToken ct)
    {
        try
        {
            return await scope.PlaceOfAsync(orgUnitId, ct) is { } place && await scope.CoversAsync(place.Path, ct) ? place.RootFirst : [];
        }
        catch (ModuleUnavailableException)
        {
            return [];
        }
    }

    /// <summary>The ids of every unit in the caller's subtree (including deactivated ones); null for the city level.</summary>
    public async Task<IReadOnlyList<Guid>?> SubtreeIdsAsync(CancellationToken ct)
    {
        if (caller.IsCityWide) return null;
        if (caller.OrgUnit is not { } mine) return [];
        try
        {
            var units = await mediator.Send(new GetOrgSubtree(mine, IncludeInactive: true), ct);
            return units.Select(u => u.Id.Value).ToList();
        }
        catch (ModuleUnavailableException)
        {
            return [];
        }
    }

    /// <summary>Whether the caller is bound to a county-level unit (its whole tenant is its subtree).</summary>
    public async Task<bool> IsCountyLevelCallerAsync(CancellationToken ct) =>
        caller.OrgUnit is { } mine && (await PathAsync(mine.Value, ct)) is { Count: > 0 } path && path[^1].Level == OrgLevel.County;
}
