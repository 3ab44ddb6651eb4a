using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace NetInfoSuite.Host.Security;

/// <summary>Sign-in through an existing OpenID Connect provider, switched on by NetInfo:Auth:Oidc:Authority
/// (+ ClientId, ClientSecret). The provider proves who the person is; the platform still decides what they
/// may do: the provider's preferred_username must match an enabled platform user's login.</summary>
internal static class OpenIdConnectSignIn
{
    public const string Scheme = "oidc";

    public static bool IsConfigured(IConfiguration config) => !string.IsNullOrEmpty(config["NetInfo:Auth:Oidc:Authority"]);

    public static void AddIfConfigured(AuthenticationBuilder auth, IConfiguration config)
    {
        if (!IsConfigured(config)) return;
        var section = config.GetSection("NetInfo:Auth:Oidc");
        auth.AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = section["Authority"];
            o.ClientId = section["ClientId"];
            o.ClientSecret = section["ClientSecret"];
            o.ResponseType = "code";
            o.SignInScheme = SecuritySetup.CookieScheme;
            o.RequireHttpsMetadata = section.GetValue("RequireHttps", true);
            o.Scope.Add("profile");
            o.Events.OnTokenValidated = async context =>
            {
                var login = context.Principal?.FindFirst("preferred_username")?.Value?.Trim().ToLowerInvariant();
                var store = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>();
                await using var session = store.QuerySession();
                var user = login is null ? null : await session.Query<PlatformUser>().FirstOrDefaultAsync(u => u.Login == login);
                if (user is null || !user.Enabled)
                {
                    context.Fail($"No enabled NetInfoSuite user has the login '{login}'.");
                    return;
                }
                context.Principal = NetInfoClaims.Principal(user, SecuritySetup.CookieScheme);
            };
        });
    }
}
