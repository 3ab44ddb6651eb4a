using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Security;

internal static class SecuritySetup
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    private const string Smart = "NetInfo";
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromMinutes(30);

    public static void AddSecurity(this IServiceCollection services, IConfiguration config)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<PermissionRegistry>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<SignInAttempts>();
        services.AddSingleton<PasswordChange>();
        services.AddScoped<ICaller, Caller>();
        services.AddHostedService<AdminBootstrap>();

        services.AddDataProtection().SetApplicationName("NetInfoSuite");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new MartenXmlRepository(sp.GetRequiredService<Marten.IDocumentStore>())));
        services.AddAntiforgery(o => o.HeaderName = "X-CSRF-TOKEN");

        var auth = services.AddAuthentication(Smart)
            // A bearer header means a token; anything else is the browser's cookie.
            .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenHandler.SchemeName : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "netinfo.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = SessionTimeout;
                o.SlidingExpiration = true;
                // The API answers 401/403; a console page sends the browser to the sign-in page.
                o.LoginPath = "/sign-in";
                o.Events.OnRedirectToLogin = c => RedirectPagesOnly(c, 401);
                o.Events.OnRedirectToAccessDenied = c => RedirectPagesOnly(c, 403);
                o.Events.OnValidatePrincipal = ValidateCookieAsync;
                o.Events.OnSigningIn = StartSessionAsync;
                o.Events.OnSigningOut = EndSessionAsync;
            });
        OpenIdConnectSignIn.AddIfConfigured(auth, config);

        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        // ASP.NET Core makes these per request (transient) so that a handler may be scoped; ours are singletons and hold no
        // state, so they are built once instead of five resolutions on every request (issue 22). A scoped handler added
        // later would be captured here: register it as a requirement checked in the pipeline instead.
        services.AddSingleton<IAuthorizationHandlerProvider, DefaultAuthorizationHandlerProvider>();
        services.AddSingleton<IAuthorizationHandlerContextFactory, DefaultAuthorizationHandlerContextFactory>();
        services.AddSingleton<IAuthorizationEvaluator, DefaultAuthorizationEvaluator>();
        services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.Policy.IPolicyEvaluator, Microsoft.AspNetCore.Authorization.Policy.PolicyEvaluator>();
        services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    public static void UseSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(RequireAntiforgeryForCookiePosts);
        app.Use(RequirePasswordChange);
        app.UseAuthorization();
    }

    private static Task RedirectPagesOnly(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api") || apiStatus == 403)
            context.Response.StatusCode = apiStatus;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Every browser sign-in is a session stored server-side (see <see cref="TokenService.StartSessionAsync"/>).</summary>
    private static async Task StartSessionAsync(CookieSigningInContext context)
    {
        var principal = context.Principal!;
        var tokens = context.HttpContext.RequestServices.GetRequiredService<TokenService>();
        var value = await tokens.StartSessionAsync(Guid.Parse(principal.FindFirst(NetInfoClaims.UserId)!.Value),
            Guid.Parse(principal.FindFirst(NetInfoClaims.Stamp)!.Value), context.HttpContext.RequestAborted);
        ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new(NetInfoClaims.Session, value));
    }

    /// <summary>Signing out ends the stored session: the cookie, even if kept, no longer works on any instance.</summary>
    private static async Task EndSessionAsync(CookieSigningOutContext context)
    {
        if (context.HttpContext.User.FindFirst(NetInfoClaims.Session)?.Value is { } value)
            await context.HttpContext.RequestServices.GetRequiredService<TokenService>().EndSessionAsync(value, CancellationToken.None);
    }

    /// <summary>Each request checks the stored session: signed out, a disabled user, or one whose password or roles
    /// changed loses the browser session.</summary>
    private static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var tokens = context.HttpContext.RequestServices.GetRequiredService<TokenService>();
        var session = context.Principal?.FindFirst(NetInfoClaims.Session)?.Value;
        var found = session is null ? null : await tokens.FindAsync(session, TokenKind.Session, context.HttpContext.RequestAborted);
        if (found is not { } f || f.User.Id.ToString() != context.Principal!.FindFirst(NetInfoClaims.UserId)?.Value)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    /// <summary>A browser (cookie) request that changes something must carry the antiforgery token;
    /// token clients are not exposed to cross-site requests and skip it.</summary>
    private static async Task RequireAntiforgeryForCookiePosts(HttpContext http, RequestDelegate next)
    {
        var unsafeMethod = !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ||
                             HttpMethods.IsOptions(http.Request.Method));
        var byCookie = http.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieScheme };
        if (unsafeMethod && byCookie)
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                await Results.Problem(statusCode: 400, type: "urn:netinfo:problem:antiforgery",
                    title: "缺少或无效的防伪令牌 / Missing or invalid antiforgery token",
                    detail: "Send the token from GET /api/auth/antiforgery in the X-CSRF-TOKEN header.").ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    }

    /// <summary>Until a one-time password is replaced, only the password change and sign-out answer.</summary>
    private static Task RequirePasswordChange(HttpContext http, RequestDelegate next)
    {
        if (http.User.HasClaim(NetInfoClaims.MustChangePassword, "true") &&
            !http.Request.Path.StartsWithSegments("/api/auth") && !http.Request.Path.StartsWithSegments("/password") &&
            !http.Request.Path.StartsWithSegments("/sign-out") && !http.Request.Path.StartsWithSegments("/console.css"))
        {
            if (!http.Request.Path.StartsWithSegments("/api"))
            {
                http.Response.Redirect("/password");
                return Task.CompletedTask;
            }
            return Results.Problem(statusCode: 403, type: "urn:netinfo:problem:password-change-required",
                title: "请先修改初始密码 / Change your one-time password first",
                detail: "POST /api/auth/password").ExecuteAsync(http);
        }
        return next(http);
    }
}

/// <summary>"perm:x" policies are made on demand: a signed-in user whose roles hold permission x.</summary>
internal sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    /// <summary>A name always makes the same policy, so the authorization middleware may keep each endpoint's.</summary>
    public override bool AllowsCachingPolicies => true;

    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        const string prefix = "perm:";
        if (!policyName.StartsWith(prefix, StringComparison.Ordinal)) return await base.GetPolicyAsync(policyName);
        return new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement(policyName[prefix.Length..])).Build();
    }
}

internal sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

internal sealed class PermissionHandler(PermissionRegistry registry) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var roles = context.User.FindAll(NetInfoClaims.Role).Select(c => Enum.Parse<Role>(c.Value));
        if (registry.Grants(roles, requirement.Permission)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
