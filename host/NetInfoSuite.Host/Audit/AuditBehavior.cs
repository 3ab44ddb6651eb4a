using System.Collections.Concurrent;
using MediatR;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Audit;

/// <summary>Every command (a request marked <see cref="ICommand{TResponse}"/>) leaves exactly one record:
/// ok, rejected (invalid, forbidden, not found) or failed, with why. Queries pass untouched.</summary>
internal sealed class AuditBehavior<TRequest, TResponse>(ICaller caller, AuditWriter audit) : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly bool IsCommand = typeof(TRequest).GetInterfaces()
        .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>));

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (!IsCommand) return await next();
        TResponse response;
        try
        {
            response = await next();
        }
        catch (Exception ex)
        {
            var outcome = ex is RuleViolationException or NotFoundException or ForbiddenException
                ? AuditOutcome.Rejected : AuditOutcome.Failed;
            await audit.WriteAsync(caller, typeof(TRequest).Name, AuditTargets.Of(request), outcome, ex.Message);
            throw;
        }
        await audit.WriteAsync(caller, typeof(TRequest).Name, AuditTargets.Of(request) ?? AuditTargets.Of(response),
            AuditOutcome.Ok, null);
        return response;
    }
}

/// <summary>The target of a command: its Id property, found once per type.</summary>
internal static class AuditTargets
{
    private static readonly ConcurrentDictionary<Type, System.Reflection.PropertyInfo?> IdProperties = new();

    public static string? Of(object? value) => value is null ? null
        : IdProperties.GetOrAdd(value.GetType(), t => t.GetProperty("Id"))?.GetValue(value)?.ToString();
}
