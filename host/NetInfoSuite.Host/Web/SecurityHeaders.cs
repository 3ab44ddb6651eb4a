namespace NetInfoSuite.Host.Web;

/// <summary>Browser hardening on every answer: no MIME sniffing, no framing, no referrer leaks, and for the
/// console a Content-Security-Policy without inline scripts. (The third-party API reference page at /scalar
/// needs its inline bootstrap script and keeps the other headers only.)</summary>
internal static class SecurityHeaders
{
    public const string ConsolePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            if (!http.Request.Path.StartsWithSegments("/scalar"))
                headers["Content-Security-Policy"] = ConsolePolicy;
            return Task.CompletedTask;
        });
        await next(http);
    });
}
