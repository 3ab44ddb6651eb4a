using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Security;

/// <summary>A user of the platform, bound to one org unit. Stored in the platform schema.</summary>
public sealed class PlatformUser
{
    public Guid Id { get; set; }
    public string Login { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Null only for the first administrator, created before any org unit exists: city-wide.</summary>
    public Guid? OrgUnitId { get; set; }
    public string Tenant { get; set; } = Tenants.City;
    public List<Role> Roles { get; set; } = [];
    /// <summary>For delivery channels that text (SMS gateways); optional.</summary>
    public string? Phone { get; set; }
    /// <summary>The console language the user chose ("zh-CN" or "en"); applied at every sign-in.</summary>
    public string Language { get; set; } = "zh-CN";
    public bool Enabled { get; set; } = true;
    public string PasswordHash { get; set; } = "";
    public bool MustChangePassword { get; set; }
    /// <summary>Changes whenever sign-ins must end (password, roles, unit, disabled): sessions check it.</summary>
    public Guid SecurityStamp { get; set; } = Guid.NewGuid();
    public DateTimeOffset? LastSignInAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An issued bearer token, stored by the SHA-256 of its value (the value itself is never stored).
/// Carries what the request needs to know about its user, so checking a token is one lookup.</summary>
public sealed class IssuedToken
{
    public string Id { get; set; } = "";
    public TokenKind Kind { get; set; }
    public Guid UserId { get; set; }
    /// <summary>The refresh token both tokens of a sign-in descend from: revoking it ends the family.</summary>
    public Guid Family { get; set; }
    public Guid SecurityStamp { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public bool Revoked { get; set; }
    /// <summary>When a refresh token was traded for a new pair (it is revoked then).</summary>
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>Bearer tokens (access, refresh) and browser sessions (the cookie carries the value).</summary>
public enum TokenKind { Access, Refresh, Session }
