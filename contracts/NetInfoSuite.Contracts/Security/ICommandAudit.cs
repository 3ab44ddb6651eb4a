using Npgsql;

namespace NetInfoSuite.Contracts.Security;

/// <summary>For a command whose handler stores its change with one SQL batch of its own instead of a Marten session (a
/// hot path, where the session's extra round trips cost too much): the command's audit record goes into that batch, so
/// the change and its record commit together, as a session's commit would carry it. (Since 1.10.)</summary>
public interface ICommandAudit
{
    /// <summary>The insert of the command's audit record, to add to the batch that stores the change; null when no record
    /// is pending (not a command, or a record already stored). The batch must commit as one: an <see cref="NpgsqlBatch"/>
    /// run without a transaction of its own does (a failing statement rolls back the others).</summary>
    NpgsqlBatchCommand? Insert();

    /// <summary>The batch holding <see cref="Insert"/> has committed: the record is stored, and the pipeline writes no other.</summary>
    void Committed();
}
