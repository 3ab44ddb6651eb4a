using Marten;
using Marten.Services;

namespace NetInfoSuite.Host.Audit;

/// <summary>The audit record of the command in flight in this request. The first transaction the command
/// commits carries it (see <see cref="AuditSessionListener"/>), so a command and its record are stored
/// together or not at all, at the cost of one more row in a transaction that happens anyway.</summary>
public sealed class CommandAudit
{
    public AuditRecord? Pending { get; set; }
    public bool Committed { get; set; }
}

/// <summary>Attached to every session the request opens: adds the pending record to the command's own commit.</summary>
internal sealed class AuditSessionListener(CommandAudit audit) : DocumentSessionListenerBase
{
    private IDocumentSession? _carrier;

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        // Only a commit that changes something carries the record (Marten calls this only then; checked all the same).
        if (audit.Pending is { } record && !audit.Committed && _carrier is null && session.PendingChanges.Operations().Any())
        {
            // A create has no id in its request: the target is the first document it stores.
            record.TargetId ??= AuditTargets.Of(session.PendingChanges.Inserts().FirstOrDefault())
                                ?? AuditTargets.Of(session.PendingChanges.Updates().FirstOrDefault());
            session.QueueSqlCommand(AuditTable.Insert("?"), AuditTable.ToJson(record));
            _carrier = session;
        }
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (ReferenceEquals(session, _carrier)) audit.Committed = true;
        return Task.CompletedTask;
    }
}
