using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace NetInfoSuite.Host.Security;

/// <summary>Authenticates "Authorization: Bearer &lt;token&gt;" against the issued-token store.</summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, TokenService tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string FamilyClaim = "token_family";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var found = await tokens.FindAsync(header["Bearer ".Length..].Trim(), TokenKind.Access, Context.RequestAborted);
        if (found is not { } f) return AuthenticateResult.Fail("The token is unknown, expired or revoked.");

        var principal = NetInfoClaims.Principal(f.User, SchemeName);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(FamilyClaim, f.Token.Family.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
