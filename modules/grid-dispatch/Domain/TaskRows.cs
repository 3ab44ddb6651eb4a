namespace NetInfoSuite.Modules.GridDispatch.Domain;

public enum DispatchTaskStatus : short { Pending = 0, Done = 1, Unable = 2 }

/// <summary>One task as its pages and API show it.</summary>
public sealed record TaskView(Guid Id, Guid DirectiveId, Guid GroupId, string GroupName, Guid UnitId, DateTimeOffset Deadline,
    DateTimeOffset? ReleasedAt, DispatchTaskStatus Status, DateTimeOffset? DoneAt, DateTimeOffset? ReportedAt, bool Late, int? Reached,
    string? EvidenceLink, bool HasEvidence, string? Note, string? UnableReason, bool Overdue, string? DirectiveTitle = null);

/// <summary>Reads of the task rows, on a connection of their own (the rows are not documents).</summary>
internal static class TaskRows
{
    public const string Columns = """
        t.id, t.directive_id, t.group_id, t.group_name, t.unit_id, t.deadline, t.released_at, t.status, t.done_at, t.reported_at,
        t.late, t.reached, t.evidence_link, exists (select 1 from grid_dispatch.evidence e where e.task_id = t.id), t.note,
        t.unable_reason, t.overdue
        """;

    /// <summary>A task from <see cref="Columns"/>, starting at column <paramref name="offset"/>.</summary>
    public static TaskView Read(NpgsqlDataReader r, int offset = 0)
    {
        int i = offset;
        return new(r.GetGuid(i), r.GetGuid(i + 1), r.GetGuid(i + 2), r.GetString(i + 3), r.GetGuid(i + 4),
            r.GetFieldValue<DateTimeOffset>(i + 5), Maybe<DateTimeOffset>(r, i + 6), (DispatchTaskStatus)r.GetInt16(i + 7), Maybe<DateTimeOffset>(r, i + 8),
            Maybe<DateTimeOffset>(r, i + 9), r.GetBoolean(i + 10), r.IsDBNull(i + 11) ? null : r.GetInt32(i + 11), r.IsDBNull(i + 12) ? null : r.GetString(i + 12),
            r.GetBoolean(i + 13), r.IsDBNull(i + 14) ? null : r.GetString(i + 14), r.IsDBNull(i + 15) ? null : r.GetString(i + 15), r.GetBoolean(i + 16));
    }

    private static T? Maybe<T>(NpgsqlDataReader r, int i) where T : struct => r.IsDBNull(i) ? null : r.GetFieldValue<T>(i);

    public static async Task<NpgsqlConnection> OpenAsync(IDocumentStore store, CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    public static async Task<long> CountAsync(NpgsqlConnection connection, string where, CancellationToken ct, params object[] args)
    {
        await using var cmd = new NpgsqlCommand($"select count(*) from {DispatchTables.Tasks} t where {where}", connection);
        foreach (var arg in args) cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public static async Task<List<TaskView>> QueryAsync(NpgsqlConnection connection, string where, CancellationToken ct, params object[] args)
    {
        await using var cmd = new NpgsqlCommand($"select {Columns} from {DispatchTables.Tasks} t where {where}", connection);
        foreach (var arg in args) cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var tasks = new List<TaskView>();
        while (await reader.ReadAsync(ct)) tasks.Add(Read(reader));
        return tasks;
    }
}
