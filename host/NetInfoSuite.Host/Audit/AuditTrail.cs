using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Audit;

internal sealed class AuditTrail(AuditWriter writer, ICaller caller) : IAuditTrail
{
    public Task RecordReadAsync(string action, string targetId, CancellationToken ct = default) =>
        writer.WriteAsync(caller, action, targetId, AuditOutcome.Ok, null);
}
