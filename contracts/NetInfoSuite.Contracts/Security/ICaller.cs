using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Kernel;

namespace NetInfoSuite.Contracts.Security;

/// <summary>Who is asking. Injected per request; background work runs as the system caller.</summary>
public interface ICaller
{
    Guid? UserId { get; }
    string Login { get; }
    /// <summary>The unit the user is bound to; null only for the system caller.</summary>
    OrgUnitId? OrgUnit { get; }
    TenantId Tenant { get; }
    IReadOnlySet<Role> Roles { get; }
    bool IsSystem { get; }
    /// <summary>City-level users (and the system) see every unit; others see their unit's subtree.</summary>
    bool IsCityWide { get; }
    bool Has(string permission);
}

/// <summary>Tenants are the county-level offices and the city offices; in a one-city deployment the city office is
/// the constant <see cref="City"/>, as it always was.</summary>
public static class Tenants
{
    /// <summary>The tenant of the root office: the one city, or the province above the cities.</summary>
    public const string City = "city";

    /// <summary>The tenant a unit belongs to, from its path (root first): its county's code if it is in a county;
    /// else its city's code when that city sits under a province (each city of a province is a tenant of its own,
    /// with its own modules and notice numbers); else <see cref="City"/>. (Since 1.11.)</summary>
    public static string Of(IReadOnlyList<OrgUnitInfo> rootFirstPath)
    {
        if (rootFirstPath.FirstOrDefault(u => u.Level == OrgLevel.County) is { } county) return county.Code;
        return rootFirstPath.FirstOrDefault(u => u.Level == OrgLevel.City) is { ParentId: not null } city ? city.Code : City;
    }
}

/// <summary>The caller lacks the permission: 403. (Records outside the caller's subtree are 404 instead.)</summary>
public sealed class ForbiddenException(string permission)
    : Exception($"The permission '{permission}' is required.")
{
    public string Permission { get; } = permission;
}
