using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Audit;

namespace NetInfoSuite.Host.Security;

public sealed record SignInBody(string? Login, string? Password);
public sealed record RefreshBody(string? RefreshToken);
public sealed record ChangePasswordBody(string? CurrentPassword, string? NewPassword);
public sealed record Me(Guid Id, string Login, string Name, Guid? OrgUnitId, string Tenant, IReadOnlyList<Role> Roles,
    IReadOnlyList<string> Permissions, bool MustChangePassword);

/// <summary>Sign-in for browsers (cookie) and for API/CLI clients (bearer tokens: issue, refresh, revoke).</summary>
internal static class AuthEndpoints
{
    public static void MapAuth(this WebApplication app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("auth");

        auth.MapPost("/token", async (SignInBody body, HttpContext http, SignInService signIn, TokenService tokens, AuditWriter audit) =>
        {
            var user = await CheckAsync(body, http, signIn, audit);
            return Results.Ok(await tokens.IssueAsync(user, null, http.RequestAborted));
        }).AllowAnonymous().WithSummary("Sign in as an API or CLI client: an access token and a refresh token");

        auth.MapPost("/refresh", async (RefreshBody body, TokenService tokens, HttpContext http) =>
        {
            var found = await tokens.FindAsync(body.RefreshToken ?? "", TokenKind.Refresh, http.RequestAborted)
                ?? throw new RuleViolationException("refreshToken", "刷新令牌无效、已过期或已撤销", "The refresh token is invalid, expired or revoked");
            // Rotation: the old pair dies with its family, a new family starts.
            await tokens.RevokeFamilyAsync(found.Token.Family, http.RequestAborted);
            return Results.Ok(await tokens.IssueAsync(found.User, null, http.RequestAborted));
        }).AllowAnonymous().WithSummary("Trade a refresh token for a new token pair (the old pair is revoked)");

        auth.MapPost("/revoke", async (ClaimsPrincipal principal, TokenService tokens, HttpContext http) =>
        {
            if (Guid.TryParse(principal.FindFirstValue(BearerTokenHandler.FamilyClaim), out var family))
                await tokens.RevokeFamilyAsync(family, http.RequestAborted);
            return Results.NoContent();
        }).WithSummary("Revoke the calling token and its refresh token")
            .RequirePermission(RequiresPermissionAttribute.AnyUser);

        auth.MapPost("/sign-in", async (SignInBody body, HttpContext http, SignInService signIn, AuditWriter audit) =>
        {
            var user = await CheckAsync(body, http, signIn, audit);
            await http.SignInAsync(SecuritySetup.CookieScheme, NetInfoClaims.Principal(user, SecuritySetup.CookieScheme));
            return Results.NoContent();
        }).AllowAnonymous().WithSummary("Sign in a browser: sets an HttpOnly, SameSite cookie");

        auth.MapPost("/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(SecuritySetup.CookieScheme);
            return Results.NoContent();
        }).WithSummary("End the browser session")
            .RequirePermission(RequiresPermissionAttribute.AnyUser);

        auth.MapGet("/antiforgery", (IAntiforgery antiforgery, HttpContext http) =>
            Results.Ok(new { token = antiforgery.GetAndStoreTokens(http).RequestToken, header = "X-CSRF-TOKEN" }))
            .AllowAnonymous().WithSummary("The token a browser sends in X-CSRF-TOKEN with every change");

        auth.MapPost("/password", async (ChangePasswordBody body, ICaller caller, IDocumentStore store, TokenService tokens,
            AuditWriter audit, HttpContext http) =>
        {
            await using var session = store.LightweightSession();
            var user = await session.LoadAsync<PlatformUser>(caller.UserId!.Value);
            if (user is null || !SignInService.Verify(user, body.CurrentPassword ?? ""))
                throw new RuleViolationException("currentPassword", "当前密码不正确", "The current password is wrong");
            if (PasswordPolicy.Check("newPassword", body.NewPassword, user.Login) is { } weak) throw new RuleViolationException([weak]);
            if (body.NewPassword == body.CurrentPassword)
                throw new RuleViolationException("newPassword", "新密码不能与当前密码相同", "The new password must differ from the current one");

            user.PasswordHash = SignInService.HashPassword(user, body.NewPassword!);
            user.MustChangePassword = false;
            user.SecurityStamp = Guid.NewGuid(); // every other session and token ends
            session.Store(user);
            await session.SaveChangesAsync();
            await audit.WriteAsync(caller, "ChangePassword", user.Id.ToString(), AuditOutcome.Ok, null);
            if (http.User.Identity?.AuthenticationType == SecuritySetup.CookieScheme)
                await http.SignInAsync(SecuritySetup.CookieScheme, NetInfoClaims.Principal(user, SecuritySetup.CookieScheme));
            return Results.Ok(await tokens.IssueAsync(user, null, http.RequestAborted));
        }).WithSummary("Change one's own password (required after a one-time password); returns a fresh token pair")
            .RequirePermission(RequiresPermissionAttribute.AnyUser);

        auth.MapGet("/me", async (ICaller caller, IDocumentStore store, PermissionRegistry permissions) =>
        {
            await using var session = store.QuerySession();
            var user = await session.LoadAsync<PlatformUser>(caller.UserId!.Value)
                ?? throw new NotFoundException("user", caller.UserId.ToString()!);
            return Results.Ok(new Me(user.Id, user.Login, user.Name, user.OrgUnitId, user.Tenant, user.Roles,
                permissions.All.Where(p => caller.Has(p.Name)).Select(p => p.Name).ToList(), user.MustChangePassword));
        }).WithSummary("Who is signed in, their unit, tenant, roles and permissions")
            .RequirePermission(RequiresPermissionAttribute.AnyUser);

        if (OpenIdConnectSignIn.IsConfigured(app.Configuration))
            auth.MapGet("/oidc", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectSignIn.Scheme]))
                .AllowAnonymous().WithSummary("Sign in through the configured OpenID Connect provider");
    }

    private static async Task<PlatformUser> CheckAsync(SignInBody body, HttpContext http, SignInService signIn, AuditWriter audit)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var caller = new SignInCaller(body.Login ?? "");
        try
        {
            var user = await signIn.CheckAsync(body.Login, body.Password, address, http.RequestAborted);
            await audit.WriteAsync(caller with { UserId = user.Id }, "SignIn", user.Id.ToString(), AuditOutcome.Ok, null);
            return user;
        }
        catch (RuleViolationException ex)
        {
            await audit.WriteAsync(caller, "SignIn", null, AuditOutcome.Rejected, $"{ex.Message} (from {address})");
            throw;
        }
    }

    /// <summary>The caller of a sign-in attempt: nobody yet, only the login typed.</summary>
    private sealed record SignInCaller(string Login) : ICaller
    {
        public Guid? UserId { get; init; }
        public Contracts.Kernel.OrgUnitId? OrgUnit => null;
        public Contracts.Kernel.TenantId Tenant => new(Tenants.City);
        public IReadOnlySet<Role> Roles { get; } = new HashSet<Role>();
        public bool IsSystem => false;
        public bool IsCityWide => false;
        public bool Has(string permission) => false;
    }
}
