using Marten;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Audit;

/// <summary>Appends audit records in their own transaction, so a failed command still leaves its record.</summary>
public sealed class AuditWriter(IDocumentStore store, TimeProvider clock, IHttpContextAccessor http)
{
    public async Task WriteAsync(ICaller caller, string action, string? targetId, AuditOutcome outcome, string? reason,
        CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        session.Insert(new AuditRecord
        {
            Id = Guid.CreateVersion7(), At = clock.GetUtcNow(), UserId = caller.UserId, Login = caller.Login,
            OrgUnitId = caller.OrgUnit?.Value, Tenant = caller.Tenant.Value, Action = action, TargetId = targetId,
            Outcome = outcome, Reason = reason is { Length: > 1000 } ? reason[..1000] : reason,
            CorrelationId = http.HttpContext?.TraceIdentifier ?? "",
        });
        await session.SaveChangesAsync(CancellationToken.None); // the record outlives a cancelled request
    }
}
