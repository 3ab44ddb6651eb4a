using MediatR;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.Directory;

/// <summary>The four levels of the tree, plus city departments (市直单位) under the city, and a province (省) as an
/// optional root above cities (since 1.11; stored by name, so existing data reads the same).</summary>
public enum OrgLevel
{
    City = 1,
    County = 2,
    Street = 3,
    Community = 4,
    Department = 5,
    Province = 6,
}

public sealed record OrgUnitInfo(
    OrgUnitId Id,
    string Code,
    string Name,
    OrgLevel Level,
    OrgUnitId? ParentId,
    int Depth,
    bool Active);

/// <summary>One org unit, or null when there is none with that id or it is outside the caller's subtree.</summary>
[RequiresPermission(DirectoryPermissions.Read)]
public sealed record GetOrgUnit(OrgUnitId Id) : IRequest<OrgUnitInfo?>;

/// <summary>The unit and its descendants down to <paramref name="MaxDepth"/> levels below it
/// (null: all), parents before children. Empty when the root does not exist or is outside the caller's subtree.</summary>
[RequiresPermission(DirectoryPermissions.Read)]
public sealed record GetOrgSubtree(OrgUnitId Root, int? MaxDepth = null, bool IncludeInactive = false)
    : IRequest<IReadOnlyList<OrgUnitInfo>>;

public enum OrgUnitChange
{
    Created,
    Renamed,
    Moved,
    Deactivated,
}

/// <summary>Published after a unit was created, renamed, moved or deactivated.</summary>
public sealed record OrgUnitChanged(OrgUnitInfo Unit, OrgUnitChange Change) : INotification;

/// <summary>The units with these codes inside the caller's subtree (unknown codes are left out), e.g. for a
/// module's Excel import that names units by code. (Since 1.2.)</summary>
[RequiresPermission(DirectoryPermissions.Read)]
public sealed record GetOrgUnitsByCode(IReadOnlyList<string> Codes) : IRequest<IReadOnlyList<OrgUnitInfo>>;

/// <summary>The units with these ids inside the caller's subtree (unknown ids are left out): one call for the names
/// or codes of many units, e.g. for an export. (Since 1.3.)</summary>
[RequiresPermission(DirectoryPermissions.Read)]
public sealed record GetOrgUnits(IReadOnlyList<OrgUnitId> Ids) : IRequest<IReadOnlyList<OrgUnitInfo>>;

/// <summary>The active units of the caller's subtree whose name or code contains <paramref name="Text"/> (every one
/// when it is empty), shallowest first, then by code; at most <paramref name="Limit"/> (1–500). Pickers search with
/// it, so a unit is chosen by name or code, never by its id. (Since 1.7.)</summary>
[RequiresPermission(DirectoryPermissions.Read)]
public sealed record FindOrgUnits(string? Text, int Limit = 50) : IRequest<IReadOnlyList<OrgUnitInfo>>;
