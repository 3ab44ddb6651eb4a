using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Users;

public sealed record UserView(Guid Id, string Login, string Name, Guid? OrgUnitId, string Tenant, IReadOnlyList<Role> Roles,
    bool Enabled, bool MustChangePassword, DateTimeOffset? LastSignInAt, string? Phone)
{
    public static UserView Of(PlatformUser u) =>
        new(u.Id, u.Login, u.Name, u.OrgUnitId, u.Tenant, u.Roles, u.Enabled, u.MustChangePassword, u.LastSignInAt, u.Phone);
}

/// <summary>A user just created or reset, with the one-time password (shown once, never stored).</summary>
public sealed record UserWithPassword(Guid Id, UserView User, string? OneTimePassword);

internal static class UserRules
{
    /// <summary>A phone number for SMS delivery: digits, optionally a leading + and spaces or dashes.</summary>
    public const string PhonePattern = @"^\+?[0-9][0-9 -]{4,19}$";

    public static string? NormalizePhone(string? phone) => string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();

    /// <summary>Nobody grants a role above their own: a county admin cannot make city admins, only
    /// system admins make system admins.</summary>
    public static void CheckGrantable(ICaller caller, IEnumerable<Role> roles)
    {
        foreach (var role in roles)
            if (!CanGrant(caller, role))
                throw new RuleViolationException("roles", $"无权授予角色「{RoleNames.Of(role).ZhCn}」", $"You cannot grant the role {RoleNames.Of(role).En}");
    }

    public static bool CanGrant(ICaller caller, Role role) => role switch
    {
        Role.SystemAdmin => caller.Roles.Contains(Role.SystemAdmin) || caller.IsSystem,
        Role.CityAdmin => caller.IsCityWide,
        _ => true,
    };

    /// <summary>The user, when the caller's subtree covers the user's unit and the caller could have granted
    /// every role the user holds; otherwise 404 as if absent. So nobody resets, disables or edits a user above
    /// themselves, and a user without a unit (the built-in administrator) is seen by system admins only.</summary>
    public static async Task<PlatformUser> LoadInScope(this Marten.IQuerySession session, Guid id, OrgScope scope,
        ICaller caller, CancellationToken ct)
    {
        var user = await session.LoadAsync<PlatformUser>(id, ct);
        var visible = user is not null && user.Roles.All(r => CanGrant(caller, r)) &&
                      (user.OrgUnitId is { } org ? caller.IsCityWide || (await scope.PathAsync(org, ct)).Count > 0 : CanGrant(caller, Role.SystemAdmin));
        return visible ? user! : throw new NotFoundException("user", id.ToString());
    }
}
