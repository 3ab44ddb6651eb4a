using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace NetInfoSuite.Host.Outbox;

/// <summary>The outbox and its inbox: plain rows in the platform schema of every database a session may write to
/// (Marten creates them with its other tables, in the main and each tenant database).</summary>
internal static class OutboxTables
{
    /// <summary>One row per message, written in the transaction of the change that raised it.</summary>
    public const string Messages = "platform.outbox";
    /// <summary>One row per (message, handler) that has run: written in the handler's own commit where it has one.</summary>
    public const string Handled = "platform.outbox_handled";
    /// <summary>The channel a commit that stored messages wakes the relays on (NOTIFY is sent only at commit).</summary>
    public const string Channel = "netinfo_outbox";

    public static IEnumerable<Table> All()
    {
        var messages = new Table(PostgresqlProvider.Instance.Parse(Messages));
        messages.AddColumn<Guid>("id").AsPrimaryKey();
        messages.AddColumn<string>("kind").NotNull();            // publish | send
        messages.AddColumn<string>("type").NotNull();            // the message type's full name, resolved in the running generation
        messages.AddColumn("body", "jsonb").NotNull();
        messages.AddColumn<string>("correlation_id");
        messages.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        messages.AddColumn<int>("attempts").NotNull().DefaultValueByExpression("0");
        messages.AddColumn("next_attempt_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        messages.AddColumn<string>("last_error");
        messages.AddColumn("delivered_at", "timestamptz");
        messages.AddColumn("dead_at", "timestamptz");
        messages.Indexes.Add(new IndexDefinition("ix_outbox_due") { Columns = ["next_attempt_at"], Predicate = "delivered_at is null and dead_at is null" });
        yield return messages;

        var handled = new Table(PostgresqlProvider.Instance.Parse(Handled));
        handled.AddColumn<Guid>("message_id").AsPrimaryKey();
        handled.AddColumn<string>("handler").AsPrimaryKey();
        handled.AddColumn("handled_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        yield return handled;
    }
}
