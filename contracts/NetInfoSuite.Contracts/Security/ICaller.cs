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

/// <summary>Tenants are the county-level offices and the city office itself.</summary>
public static class Tenants
{
    public const string City = "city";
}

/// <summary>The caller lacks the permission: 403. (Records outside the caller's subtree are 404 instead.)</summary>
public sealed class ForbiddenException(string permission)
    : Exception($"The permission '{permission}' is required.")
{
    public string Permission { get; } = permission;
}
