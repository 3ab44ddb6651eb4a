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

        auth.MapPost("/token", async (SignInBody body, HttpContext http, SignInService signIn, TokenService tokens) =>
        {
            var user = await CheckAsync(body, http, signIn);
            return Results.Ok(await tokens.IssueAsync(user, null, http.RequestAborted));
        }).AllowAnonymous().WithSummary("Sign in as an API or CLI client: an access token and a refresh token");

        auth.MapPost("/refresh", async (RefreshBody body, TokenService tokens, HttpContext http) =>
            Results.Ok(await tokens.RotateAsync(body.RefreshToken ?? "", http.RequestAborted)))
            .AllowAnonymous().WithSummary("Trade a refresh token for a new token pair, once (the old pair is revoked; a reused one ends the sign-in)");

        auth.MapPost("/revoke", async (ClaimsPrincipal principal, TokenService tokens, HttpContext http) =>
        {
            if (Guid.TryParse(principal.FindFirstValue(BearerTokenHandler.FamilyClaim), out var family))
                await tokens.RevokeFamilyAsync(family, http.RequestAborted);
            return Results.NoContent();
        }).WithSummary("Revoke the calling token and its refresh token")
            .RequirePermission(RequiresPermissionAttribute.AnyUser);

        auth.MapPost("/sign-in", async (SignInBody body, HttpContext http, SignInService signIn) =>
        {
            var user = await CheckAsync(body, http, signIn);
            await http.SignInAsync(SecuritySetup.CookieScheme, NetInfoClaims.Principal(user, SecuritySetup.CookieScheme));
            Shell.ConsoleLanguage.Apply(http, user.Language);
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

        auth.MapPost("/password", async (ChangePasswordBody body, ICaller caller, PasswordChange change, TokenService tokens,
            HttpContext http) =>
        {
            var user = await change.ApplyAsync(caller, ClientAddress(http), body.CurrentPassword, body.NewPassword, http.RequestAborted);
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

    private static Task<PlatformUser> CheckAsync(SignInBody body, HttpContext http, SignInService signIn) =>
        signIn.CheckAsync(body.Login, body.Password, ClientAddress(http), http.RequestAborted);

    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
