using System.Collections.Concurrent;
using MediatR;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Audit;

/// <summary>Every command (a request marked <see cref="ICommand{TResponse}"/>) leaves exactly one record:
/// ok (committed in the command's own transaction), rejected (invalid, forbidden, not found) or failed,
/// with why. Queries pass untouched. Work the system does by itself (on a schedule, or delivering messages) is
/// recorded only when it committed a change.</summary>
internal sealed class AuditBehavior<TRequest, TResponse>(ICaller caller, AuditWriter writer, CommandAudit audit)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly bool IsCommand = typeof(TRequest).GetInterfaces()
        .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>));

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (!IsCommand) return await next();

        // A command sent by another command's handler gets its own record, written on its own.
        var watch = caller.IsSystem ? SystemChanges.Watch() : null;
        var outer = (audit.Pending, audit.Committed);
        var record = writer.NewRecord(caller, typeof(TRequest).Name, AuditTargets.Of(request), AuditOutcome.Ok, null);
        audit.Pending = outer.Pending is null ? record : null;
        audit.Committed = false;
        try
        {
            var response = await next();
            if ((audit.Pending is null || !audit.Committed) && watch is not { Changed: false })
            {
                record.TargetId ??= AuditTargets.Of(response);
                await writer.WriteAsync(record);
            }
            return response;
        }
        catch (Exception ex)
        {
            // System work that failed changed nothing (its transaction rolled back): the log has it.
            if ((audit.Pending is null || !audit.Committed) && watch is not { Changed: false })
            {
                record.Outcome = ex is RuleViolationException or NotFoundException or ForbiddenException
                    ? AuditOutcome.Rejected : AuditOutcome.Failed;
                record.Reason = AuditWriter.Clip(ex.Message);
                await writer.WriteAsync(record);
            }
            throw;
        }
        finally
        {
            (audit.Pending, audit.Committed) = outer;
        }
    }
}

/// <summary>The target of a command: its Id property, found once per type.</summary>
internal static class AuditTargets
{
    private static readonly ConcurrentDictionary<Type, System.Reflection.PropertyInfo?> IdProperties = new();

    public static string? Of(object? value) => value is null ? null
        : IdProperties.GetOrAdd(value.GetType(), t => t.GetProperty("Id"))?.GetValue(value)?.ToString();
}
