using Marten;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Audit;

namespace NetInfoSuite.Host.Security;

/// <summary>One's own password change, from the API or the console page. A new security stamp ends every
/// other session and token.</summary>
public static class PasswordChange
{
    public static async Task<PlatformUser> ApplyAsync(IDocumentStore store, ICaller caller, AuditWriter audit,
        string? current, string? replacement)
    {
        await using var session = store.LightweightSession();
        var user = caller.UserId is { } id ? await session.LoadAsync<PlatformUser>(id) : null;
        if (user is null || !SignInService.Verify(user, current ?? ""))
            throw new RuleViolationException("currentPassword", "当前密码不正确", "The current password is wrong");
        if (PasswordPolicy.Check("newPassword", replacement, user.Login) is { } weak) throw new RuleViolationException([weak]);
        if (replacement == current)
            throw new RuleViolationException("newPassword", "新密码不能与当前密码相同", "The new password must differ from the current one");

        user.PasswordHash = SignInService.HashPassword(user, replacement!);
        user.MustChangePassword = false;
        user.SecurityStamp = Guid.NewGuid();
        session.Store(user);
        await session.SaveChangesAsync();
        TokenService.ForgetAll(); // tokens of the old stamp end now on this instance
        await audit.WriteAsync(caller, "ChangePassword", user.Id.ToString(), AuditOutcome.Ok, null);
        return user;
    }
}
