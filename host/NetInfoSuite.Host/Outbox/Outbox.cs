using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;
using MediatR;
using NetInfoSuite.Contracts.Messaging;

namespace NetInfoSuite.Host.Outbox;

/// <summary>Queues the message's row (and a wake-up for the relays) into the session's own unit of work, so it
/// commits with the change or not at all.</summary>
internal sealed class Outbox(IHttpContextAccessor http) : IOutbox
{
    public const string PublishKind = "publish", SendKind = "send";

    /// <summary>How messages are stored and read back (the message types are contract records).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public void Publish(IDocumentSession session, INotification notification) => Enqueue(session, PublishKind, notification);

    public void Send<TResponse>(IDocumentSession session, IRequest<TResponse> request) => Enqueue(session, SendKind, request);

    private void Enqueue(IDocumentSession session, string kind, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        session.QueueSqlCommand(
            $"insert into {OutboxTables.Messages} (id, kind, type, body, correlation_id) values (?, ?, ?, ?::jsonb, ?)",
            Guid.CreateVersion7(), kind, type.FullName!, JsonSerializer.Serialize(message, type, Json),
            http.HttpContext?.TraceIdentifier ?? "");
        // NOTIFY, not select pg_notify(…): a queued command that returns a row makes Marten read it as the result of the next
        // versioned upsert in the batch, so a stale write passed its optimistic check and the losing session committed
        // (each overdue finding told once per racing run, ADR 0042).
        session.QueueSqlCommand($"notify {OutboxTables.Channel}");
    }
}
