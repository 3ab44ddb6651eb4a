using Npgsql;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Audit;

/// <summary>The pending record of <see cref="CommandAudit"/> for a handler that commits with an SQL batch of its own.</summary>
internal sealed class BatchCommandAudit(CommandAudit audit) : ICommandAudit
{
    public NpgsqlBatchCommand? Insert() => audit.Pending is { } record && !audit.Committed
        ? new NpgsqlBatchCommand(AuditTable.Insert("$1")) { Parameters = { new() { Value = AuditTable.ToJson(record) } } }
        : null;

    public void Committed()
    {
        if (audit.Pending is not null) audit.Committed = true;
    }
}
