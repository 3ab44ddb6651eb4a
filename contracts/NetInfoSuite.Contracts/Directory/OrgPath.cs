using MediatR;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.Directory;

/// <summary>The unit and its ancestors, root first; empty when the unit does not exist. Used by the platform
/// to find a unit's tenant (its county-level ancestor) whoever asks. (Since 1.1.)</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record GetOrgPath(OrgUnitId Id) : IRequest<IReadOnlyList<OrgUnitInfo>>;

/// <summary>The permissions of the directory module.</summary>
public static class DirectoryPermissions
{
    public const string Read = "directory.read";
    public const string Manage = "directory.manage";
}
