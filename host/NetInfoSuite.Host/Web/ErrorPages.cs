using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace NetInfoSuite.Host.Web;

/// <summary>A browser navigating (it asks for HTML) gets errors as a Chinese page in the console's shell, with a
/// way back and the correlation id; API clients keep their ProblemDetails (docs/adr/0012).</summary>
internal static class ErrorPages
{
    public static bool IsBrowser(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase) &&
        !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>What ProblemMapping leaves (a browser's exception, any unexpected one) and bare error statuses
    /// (401/403/404 without a body): the error page for a browser, ProblemDetails for everyone else. The page is
    /// drawn directly, not by running the pipeline again, in a fresh scope (the failed page's renderer may be broken).</summary>
    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app) => app
        .UseExceptionHandler(new ExceptionHandlerOptions
        {
            CreateScopeForErrors = true, AllowStatusCode404Response = true,
            ExceptionHandler = http => IsBrowser(http.Request)
                ? RenderAsync(http, http.Response.StatusCode)
                : WriteProblemAsync(http, http.Features.Get<IExceptionHandlerFeature>()?.Error),
        })
        .UseStatusCodePages(new StatusCodePagesOptions
        {
            HandleAsync = c => IsBrowser(c.HttpContext.Request)
                ? RenderAsync(c.HttpContext, c.HttpContext.Response.StatusCode)
                : WriteProblemAsync(c.HttpContext, null),
        });

    private static async Task RenderAsync(HttpContext http, int status)
    {
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var services = http.RequestServices;
        http.RequestServices = scope.ServiceProvider;
        try
        {
            await new RazorComponentResult<Ui.Pages.ErrorShell>(new { Status = status }).ExecuteAsync(http);
        }
        finally
        {
            http.RequestServices = services;
        }
    }

    private static async Task WriteProblemAsync(HttpContext http, Exception? error)
    {
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new() { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode }, Exception = error }))
            await http.Response.WriteAsync($"Status Code: {http.Response.StatusCode}");
    }
}
