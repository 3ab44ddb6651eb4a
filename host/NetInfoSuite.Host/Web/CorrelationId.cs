using Serilog.Context;

namespace NetInfoSuite.Host.Web;

/// <summary>Takes X-Correlation-Id from the caller (or makes one), logs with it, and echoes it back.</summary>
internal static class CorrelationId
{
    public const string Header = "X-Correlation-Id";

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var incoming = http.Request.Headers[Header].ToString();
        var id = IsSafe(incoming) ? incoming : Guid.NewGuid().ToString("N");
        http.TraceIdentifier = id;
        // Set as the response starts: the exception handler clears headers it finds before that.
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        using (LogContext.PushProperty("CorrelationId", id))
            await next(http);
    });

    // Echoed into headers and logs: accept only short, plain tokens.
    private static bool IsSafe(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
