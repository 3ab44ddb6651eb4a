namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>Locks a document's row for the command that changes it, when people may change it at the same moment (two
/// replies to one notice, a verification and a return, findings recorded for a campaign's targets): the second waits for
/// the first's commit and then reads what it stored, so it is refused in words or adds to it; nothing is lost.
/// Marten's optimistic check is not enough on its own: a queued command that answers a row (the outbox's
/// <c>select pg_notify</c>, a file's <c>select 1</c>) is read by Marten as the result of the versioned writes after it, and
/// a stale write is dropped without an error while everything else in the commit is stored (ADR 0042's lost updates).</summary>
internal static class RowLocks
{
    /// <summary>Begins the session's transaction (if not begun) and locks the row until it commits; call it before loading the document.</summary>
    public static async Task ForUpdateAsync<T>(IDocumentSession session, Guid id, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;
        await using var lockRow = new NpgsqlCommand($"select 1 from {table} where id = $1 for update", session.Connection) { Parameters = { new() { Value = id } } };
        await lockRow.ExecuteNonQueryAsync(ct);
    }
}
