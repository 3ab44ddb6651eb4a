using System.Reflection;
using Microsoft.AspNetCore.RateLimiting;

namespace NetInfoSuite.Host.Generations;

/// <summary>ASP.NET Core's rate-limiting middleware, made by the generation so it can be let go. The framework's
/// middleware never disposes its partitioned limiters, and their heartbeat timers keep the middleware, and through its
/// next delegate the generation's whole pipeline, container and document store, alive after an upgrade replaced it
/// (ADR 0041: about 15 MB per add-and-remove of a plugin). The container disposes this at the generation's end, and it
/// disposes those limiters, which stops their timers.</summary>
internal sealed class GenerationRateLimiter(IServiceProvider services) : IAsyncDisposable
{
    // UseRateLimiter() is UseMiddleware of this internal type; making it here is the same middleware with a handle on it.
    private static readonly Type Middleware = typeof(RateLimiterApplicationBuilderExtensions).Assembly
        .GetType("Microsoft.AspNetCore.RateLimiting.RateLimitingMiddleware", throwOnError: true)!;

    private object? _middleware;

    public RequestDelegate Create(RequestDelegate next)
    {
        _middleware = ActivatorUtilities.CreateInstance(services, Middleware, next);
        return Middleware.GetMethod("Invoke", [typeof(HttpContext)])!.CreateDelegate<RequestDelegate>(_middleware);
    }

    public async ValueTask DisposeAsync()
    {
        if (_middleware is null) return;
        foreach (var field in Middleware.GetFields(BindingFlags.Instance | BindingFlags.NonPublic))
            if (field.GetValue(_middleware) is IAsyncDisposable limiter)
                await limiter.DisposeAsync();
        _middleware = null;
    }
}
