using MediatR;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.Directory;

/// <summary>The unit and its ancestors, root first; empty when the unit does not exist. Used by the platform
/// to find a unit's tenant (its county-level ancestor) whoever asks. (Since 1.1.)</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record GetOrgPath(OrgUnitId Id) : IRequest<IReadOnlyList<OrgUnitInfo>>;

/// <summary><see cref="GetOrgPath"/> for many units in two queries (a list page places each row's unit under its
/// county or street); units that do not exist are left out. (Since 1.8.)</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record GetOrgPaths(IReadOnlyCollection<OrgUnitId> Ids) : IRequest<IReadOnlyDictionary<OrgUnitId, IReadOnlyList<OrgUnitInfo>>>;

/// <summary>The permissions of the directory module.</summary>
public static class DirectoryPermissions
{
    public const string Read = "directory.read";
    public const string Manage = "directory.manage";
}

/// <summary>A unit's place as a path of ids from the city down ("/{city}/{county}/…/"), the directory's own form:
/// a row under a subtree is one whose path starts with the subtree root's. (Since 1.2.)</summary>
public static class OrgPaths
{
    public static string Of(IEnumerable<OrgUnitInfo> rootFirst) => "/" + string.Concat(rootFirst.Select(u => u.Id.Value.ToString("N") + "/"));

    /// <summary>The subtree a caller sees, as a path prefix: "/" for the city level (and the system); a user whose
    /// unit no longer exists sees nothing. Every module's scope starts here. (Since 1.3.)</summary>
    public static async Task<string> OfCallerAsync(IMediator mediator, ICaller caller, CancellationToken cancellationToken)
    {
        if (caller.IsCityWide || caller.OrgUnit is not { } unit) return "/";
        var path = await mediator.Send(new GetOrgPath(unit), cancellationToken);
        return path.Count == 0 ? "/nowhere/" : Of(path);
    }
}
