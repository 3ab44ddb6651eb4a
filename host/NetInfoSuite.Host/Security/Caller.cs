using System.Security.Claims;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Security;

/// <summary>The claims a signed-in principal carries, whether from a cookie or a bearer token.</summary>
public static class NetInfoClaims
{
    public const string UserId = "sub", Login = "login", OrgUnit = "org", Tenant = "tenant", Role = "role",
        Stamp = "stamp", MustChangePassword = "pwd_change", Session = "sid";

    public static ClaimsPrincipal Principal(PlatformUser user, string scheme) => new(new ClaimsIdentity(
    [
        new(UserId, user.Id.ToString()), new(Login, user.Login), new(Tenant, user.Tenant),
        new(Stamp, user.SecurityStamp.ToString()),
        .. user.OrgUnitId is { } org ? [new Claim(OrgUnit, org.ToString())] : Array.Empty<Claim>(),
        .. user.MustChangePassword ? [new Claim(MustChangePassword, "true")] : Array.Empty<Claim>(),
        .. user.Roles.Select(r => new Claim(Role, r.ToString())),
    ], scheme, Login, Role));
}

/// <summary>The caller of the current request, read from the signed-in principal; outside an HTTP request
/// (start-up, background work) the system caller.</summary>
internal sealed class Caller : ICaller
{
    private readonly PermissionRegistry _permissions;

    public Caller(IHttpContextAccessor http, PermissionRegistry permissions)
    {
        _permissions = permissions;
        var user = http.HttpContext?.User;
        if (http.HttpContext is null)
        {
            IsSystem = true;
            Login = "system";
            Tenant = new TenantId(Tenants.City);
            Roles = new HashSet<Role>();
            return;
        }
        if (user?.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(NetInfoClaims.UserId), out var id))
        {
            UserId = id;
            Login = user.FindFirstValue(NetInfoClaims.Login) ?? "";
            OrgUnit = Guid.TryParse(user.FindFirstValue(NetInfoClaims.OrgUnit), out var org) ? new OrgUnitId(org) : null;
            Tenant = new TenantId(user.FindFirstValue(NetInfoClaims.Tenant) ?? Tenants.City);
            Roles = user.FindAll(NetInfoClaims.Role).Select(c => Enum.Parse<Role>(c.Value)).ToHashSet();
        }
        else
        {
            Login = "anonymous";
            Tenant = new TenantId(Tenants.City);
            Roles = new HashSet<Role>();
        }
    }

    public Guid? UserId { get; }
    public string Login { get; }
    public OrgUnitId? OrgUnit { get; }
    public TenantId Tenant { get; }
    public IReadOnlySet<Role> Roles { get; }
    public bool IsSystem { get; }
    public bool IsCityWide => IsSystem || (UserId is not null && Tenant.Value == Tenants.City);
    public bool Has(string permission) => IsSystem || (UserId is not null && _permissions.Grants(Roles, permission));
}
