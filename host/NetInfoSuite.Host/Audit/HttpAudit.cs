using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Audit;

/// <summary>What the pipeline's command audit never sees leaves a record too: a request the endpoint's permission
/// refused (403 before any handler runs) and every workbook export (data leaving the system).</summary>
internal static class HttpAudit
{
    public static void AddHttpAudit(this IServiceCollection services) =>
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditedForbiddance>();

    /// <summary>A successful GET of an export route ("…/export") is recorded with the path and query.</summary>
    public static void UseExportAudit(this WebApplication app) => app.Use(async (http, next) =>
    {
        await next(http);
        if (HttpMethods.IsGet(http.Request.Method) && http.Response.StatusCode == StatusCodes.Status200OK &&
            http.Request.Path.Value?.EndsWith("/export", StringComparison.OrdinalIgnoreCase) == true)
            await Write(http, "Export", AuditOutcome.Ok, null);
    });

    private static Task Write(HttpContext http, string action, AuditOutcome outcome, string? reason) =>
        http.RequestServices.GetRequiredService<AuditWriter>().WriteAsync(http.RequestServices.GetRequiredService<ICaller>(),
            action, AuditWriter.Clip($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}"), outcome, reason);

    private sealed class AuditedForbiddance : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            if (result.Forbidden && http.User.Identity?.IsAuthenticated == true)
                await Write(http, "Forbidden", AuditOutcome.Rejected,
                    string.Join(", ", policy.Requirements.Select(r => r.ToString())));
            await _default.HandleAsync(next, http, policy, result);
        }
    }
}
