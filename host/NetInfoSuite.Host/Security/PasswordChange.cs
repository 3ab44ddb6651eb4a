using Marten;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Audit;

namespace NetInfoSuite.Host.Security;

/// <summary>One's own password change, from the API or the console page. A new security stamp ends every
/// other session and token. The current password is checked under the sign-in lock-out (a stolen session
/// cannot guess it without limit), only after the new password passed every check that does not depend on the
/// current one (so no answer tells a right guess apart), and every attempt leaves an audit record.</summary>
public sealed class PasswordChange(IDocumentStore store, SignInService signIn, AuditWriter audit)
{
    public async Task<PlatformUser> ApplyAsync(ICaller caller, string clientAddress, string? current, string? replacement,
        CancellationToken ct)
    {
        try
        {
            await using var session = store.LightweightSession();
            var user = caller.UserId is { } id ? await session.LoadAsync<PlatformUser>(id, ct) : null;
            if (user is null) throw WrongCurrent();
            if (PasswordPolicy.Check("newPassword", replacement, user.Login) is { } weak) throw new RuleViolationException([weak]);
            if (replacement == current)
                throw new RuleViolationException("newPassword", "新密码不能与当前密码相同", "The new password must differ from the current one");
            try
            {
                await signIn.GuardAsync(user.Login, clientAddress, () => SignInService.Verify(user, current ?? ""), ct);
            }
            catch (RuleViolationException ex) when (ex.Violations[0].Field == "password")
            {
                throw WrongCurrent();
            }

            user.PasswordHash = SignInService.HashPassword(user, replacement!);
            user.MustChangePassword = false;
            user.SecurityStamp = Guid.NewGuid();
            session.Store(user);
            await session.SaveChangesAsync(ct);
            TokenService.ForgetAll(); // tokens of the old stamp end now on this instance
            await audit.WriteAsync(caller, "ChangePassword", user.Id.ToString(), AuditOutcome.Ok, null);
            return user;
        }
        catch (RuleViolationException ex)
        {
            await audit.WriteAsync(caller, "ChangePassword", caller.UserId?.ToString(), AuditOutcome.Rejected, ex.Message);
            throw;
        }
    }

    private static RuleViolationException WrongCurrent() =>
        new("currentPassword", "当前密码不正确", "The current password is wrong");
}
