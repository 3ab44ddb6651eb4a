using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.AccountMatrix.Domain;

/// <summary>Records carry their owner's place in the tree (their unit path, which scope checks read). When the
/// directory moves a unit, everything under it follows: one UPDATE per document table rewrites each path from the
/// moved unit's segment down onto its new place.</summary>
internal sealed class FollowUnitMoves(IDocumentStore store, MatrixScope scope) : INotificationHandler<OrgUnitChanged>
{
    // The documents that store a unit path (Marten names their tables mt_doc_<type, lower case>).
    private static readonly string[] Tables =
        ["account", "reposttask", "publication", "topic", "trainingsession", "netizenmessage", "countypopulation"];

    public async Task Handle(OrgUnitChanged changed, CancellationToken ct)
    {
        if (changed.Change != OrgUnitChange.Moved || await scope.PlaceOfAsync(changed.Unit.Id.Value, ct) is not { } place) return;
        var segment = "/" + changed.Unit.Id.Value.ToString("N") + "/";
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // A document type never stored yet has no table (Marten creates them on first use).
        var existing = new HashSet<string>();
        await using (var tables = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = 'account_matrix'", connection, tx))
        await using (var reader = await tables.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) existing.Add(reader.GetString(0));
        foreach (var table in Tables.Where(t => existing.Contains("mt_doc_" + t)))
        {
            await using var cmd = new NpgsqlCommand($$"""
                update account_matrix.mt_doc_{{table}}
                set data = jsonb_set(data, '{unitPath}', to_jsonb($1 || substr(data ->> 'unitPath', strpos(data ->> 'unitPath', $2) + length($2))))
                where strpos(data ->> 'unitPath', $2) > 0
                """, connection, tx) { Parameters = { new() { Value = place.Path }, new() { Value = segment } } };
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }
}
