using Marten;
using System.Runtime.CompilerServices;
using Marten.Services;

namespace NetInfoSuite.Host.Outbox;

/// <summary>The (message, handler) pair being delivered in this async flow. The first commit the handler makes
/// carries the inbox row, so the handler's change and "this handler has run" are stored together: a relay that
/// dies after that commit never runs the handler again.</summary>
internal sealed class InboxEntry : IDisposable
{
    private static readonly AsyncLocal<InboxEntry?> Ambient = new();

    private InboxEntry(Guid messageId, string handler) => (MessageId, Handler) = (messageId, handler);

    public Guid MessageId { get; }
    public string Handler { get; }
    /// <summary>A commit of the handler's carried the row.</summary>
    public bool Recorded { get; set; }

    public static InboxEntry? Current => Ambient.Value;

    public static InboxEntry Begin(Guid messageId, string handler) => Ambient.Value = new InboxEntry(messageId, handler);

    public void Dispose() => Ambient.Value = null;

    public static string InsertSql =>
        $"insert into {OutboxTables.Handled} (message_id, handler) values (?, ?) on conflict do nothing";
}

/// <summary>On every session of the store (injected or opened directly): adds the inbox row of the handler being
/// delivered to its first commit that stores something (audit records written on their own, e.g. a refused
/// command's, are not Marten commits and never carry it).</summary>
internal sealed class InboxSessionListener : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (InboxEntry.Current is { Recorded: false } entry &&
            session.PendingChanges.Operations().Any())
        {
            session.QueueSqlCommand(InboxEntry.InsertSql, entry.MessageId, entry.Handler);
            _carried.AddOrUpdate(session, entry);
        }
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (InboxEntry.Current is { } entry && _carried.Remove(session)) entry.Recorded = true;
        return Task.CompletedTask;
    }

    // Sessions whose commit carries a row (the listener is shared by every session of the store).
    private readonly ConditionalWeakTable<IDocumentSession, object> _carried = new();
}
