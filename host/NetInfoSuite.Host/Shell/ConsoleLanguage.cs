using Marten;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Shell;

/// <summary>The console's language: 简体中文 by default, English on request. A signed-in user's choice is kept
/// on the user and restored at every sign-in (on any browser); before sign-in, the browser's cookie decides.</summary>
internal static class ConsoleLanguage
{
    public static string Normalize(string? culture) => culture == "en" ? "en" : "zh-CN";

    /// <summary>Sets the culture cookie that request localization reads.</summary>
    public static void Apply(HttpContext http, string culture) =>
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(Normalize(culture))),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });

    public static void MapConsoleLanguage(this IEndpointRouteBuilder app) =>
        app.MapPost("/language", async ([FromForm] string culture, [FromForm] string? returnUrl, HttpContext http,
            ICaller caller, IDocumentStore store) =>
        {
            var chosen = Normalize(culture);
            Apply(http, chosen);
            if (caller.UserId is { } userId)
            {
                await using var session = store.LightweightSession();
                var user = await session.LoadAsync<PlatformUser>(userId, http.RequestAborted);
                if (user is not null && user.Language != chosen)
                {
                    user.Language = chosen;
                    session.Update(user);
                    await session.SaveChangesAsync(http.RequestAborted);
                }
            }
            var back = returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//") ? url : "/";
            return Results.Redirect(back);
        }).ExcludeFromDescription().AllowAnonymous();
}
