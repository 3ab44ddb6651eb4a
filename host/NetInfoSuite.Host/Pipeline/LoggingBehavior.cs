using System.Diagnostics;
using MediatR;
using NetInfoSuite.Contracts.Errors;

namespace NetInfoSuite.Host.Pipeline;

/// <summary>One log line per request: its type, elapsed ms and outcome.</summary>
internal sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> log)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            log.LogInformation("{RequestType} handled in {ElapsedMs:0.0} ms: {Outcome}",
                typeof(TRequest).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, "ok");
            return response;
        }
        catch (Exception ex)
        {
            var outcome = ex is RuleViolationException or NotFoundException ? "rejected" : "failed";
            log.LogInformation("{RequestType} handled in {ElapsedMs:0.0} ms: {Outcome} ({Reason})",
                typeof(TRequest).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome, ex.Message);
            throw;
        }
    }
}
