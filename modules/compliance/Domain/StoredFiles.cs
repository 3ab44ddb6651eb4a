namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>Files beside the module's records (<see cref="ComplianceTables.Files"/>). What a file is comes from its
/// first bytes, never from the name or type the browser claims.</summary>
internal static class StoredFiles
{
    public const int MaxBytes = 10 * 1024 * 1024;

    public sealed record Info(Guid Id, string Name, string ContentType, int Size, string UploadedBy, DateTimeOffset UploadedAt);

    /// <summary>PDF, PNG, JPEG, WebP, or an Office Open XML document (<see cref="NetInfoSuite.Ui.FileKinds"/>); null for anything else.</summary>
    public static string? TypeOf(byte[] c, string name) => NetInfoSuite.Ui.FileKinds.Of(c, name);

    public static bool IsImage(string contentType) => contentType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>Stores a file for its owner on the session's transaction (commits with the session).</summary>
    public static async Task<Guid> StoreAsync(IDocumentSession session, Guid owner, string name, string contentType, byte[] content, string by,
        DateTimeOffset at, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var id = Guid.CreateVersion7();
        await using var cmd = new NpgsqlCommand($"""
            insert into {ComplianceTables.Files} (id, owner_id, name, content_type, size, content, uploaded_by, uploaded_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            """, session.Connection)
        {
            Parameters =
            {
                new() { Value = id }, new() { Value = owner }, new() { Value = name }, new() { Value = contentType }, new() { Value = content.Length },
                new() { Value = content, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea }, new() { Value = by }, new() { Value = at },
            },
        };
        await cmd.ExecuteNonQueryAsync(ct);
        // Commits the row even when no document changed. A statement answering no row: one that answers a row (select 1) is
        // read by Marten as the result of the versioned writes after it in the commit, which then pass their optimistic check.
        session.QueueSqlCommand("do $$ begin end $$");
        return id;
    }

    /// <summary>How many of these files belong to the owner.</summary>
    public static async Task<int> CountAsync(IDocumentSession session, Guid owner, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand($"select count(*) from {ComplianceTables.Files} where owner_id = $1 and id = any($2)", session.Connection)
            { Parameters = { new() { Value = owner }, new() { Value = ids.ToArray() } } };
        return (int)(long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public static async Task<IReadOnlyList<Info>> ListAsync(IDocumentStore store, Guid owner, CancellationToken ct)
    {
        await using var connection = await OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select id, name, content_type, size, uploaded_by, uploaded_at from {ComplianceTables.Files} where owner_id = $1 order by uploaded_at
            """, connection) { Parameters = { new() { Value = owner } } };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var files = new List<Info>();
        while (await reader.ReadAsync(ct))
            files.Add(new Info(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        return files;
    }

    public static async Task<(Info Info, byte[] Content)?> LoadAsync(IDocumentStore store, Guid owner, Guid id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select id, name, content_type, size, uploaded_by, uploaded_at, content from {ComplianceTables.Files} where owner_id = $1 and id = $2
            """, connection) { Parameters = { new() { Value = owner }, new() { Value = id } } };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return (new Info(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)),
            reader.GetFieldValue<byte[]>(6));
    }

    public static async Task<NpgsqlConnection> OpenAsync(IDocumentStore store, CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }
}
