using Npgsql;

namespace NetInfoSuite.Host.Storage;

/// <summary>Background work that must run once across all host instances sharing the database: whoever gets
/// the PostgreSQL advisory lock does it, the others skip this round. The lock dies with its connection, so
/// a crashed instance never blocks the rest.</summary>
public sealed class ExclusiveWork(string connectionString)
{
    /// <returns>false when another instance holds the lock (the work did not run here)</returns>
    public async Task<bool> TryRunAsync(string name, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        var key = LockKey(name);
        await using (var take = new NpgsqlCommand("select pg_try_advisory_lock($1)", conn) { Parameters = { new() { Value = key } } })
            if (await take.ExecuteScalarAsync(ct) is not true) return false;
        try
        {
            await work(ct);
            return true;
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock($1)", conn) { Parameters = { new() { Value = key } } };
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    /// <summary>A stable 64-bit key for the work's name (FNV-1a), the same on every instance.</summary>
    public static long LockKey(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name) { hash ^= c; hash *= 1099511628211UL; }
        return unchecked((long)hash);
    }
}
