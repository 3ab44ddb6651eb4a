using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace NetInfoSuite.Host.Security;

/// <summary>Sign-in attempts per login and per client address, counted in one row each and changed only by
/// single SQL statements, so parallel requests cannot lose an update (issue 14: 40 parallel sign-ins were all
/// checked). An attempt first claims a place; only a claimed attempt has its password checked. A failed check
/// keeps its place, so after <c>max</c> failures in a window the key is locked until the lock ends.</summary>
public sealed class SignInAttempts(IDocumentStore store, TimeProvider clock)
{
    public const string Table = "platform.sign_in_attempts";
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public static Table Schema()
    {
        var table = new Table(PostgresqlProvider.Instance.Parse(Table));
        table.AddColumn<string>("key").AsPrimaryKey();
        table.AddColumn<int>("failures").NotNull();
        table.AddColumn<DateTimeOffset>("window_start").NotNull();
        table.AddColumn<DateTimeOffset>("locked_until");
        return table;
    }

    /// <summary>Keys are hashed: a login of any length fits the index (a 1 MB login once raised a 500).</summary>
    public static string Key(string kind, string value) =>
        kind + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Takes a place for one attempt: the number of places now taken, or null when the key is locked.</summary>
    public async Task<int?> ClaimAsync(string key, int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // A row starts afresh when its lock is over, or when it holds no lock and its window is over.
        const string fresh = "(a.locked_until is not null and a.locked_until <= @now) or (a.locked_until is null and a.window_start <= @floor)";
        await using var connection = await OpenAsync(ct);
        await using var claim = new NpgsqlCommand($"""
            insert into {Table} as a (key, failures, window_start, locked_until)
            values (@key, 1, @now, case when @max <= 1 then @lock end)
            on conflict (key) do update set
                failures = case when {fresh} then 1 else a.failures + 1 end,
                window_start = case when {fresh} then @now else a.window_start end,
                locked_until = case when {fresh} then (case when @max <= 1 then @lock end)
                                    when a.failures + 1 >= @max then @lock else a.locked_until end
            where a.failures < @max or {fresh}
            returning failures
            """, connection);
        claim.Parameters.AddWithValue("key", key);
        claim.Parameters.AddWithValue("now", now);
        claim.Parameters.AddWithValue("floor", now - Window);
        claim.Parameters.AddWithValue("lock", now + Window);
        claim.Parameters.AddWithValue("max", max);
        return await claim.ExecuteScalarAsync(ct) is int taken ? taken : null;
    }

    /// <summary>Gives a place back (the attempt was not a failure).</summary>
    public async Task ReleaseAsync(string key, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var release = new NpgsqlCommand($"update {Table} set failures = greatest(failures - 1, 0) where key = @key", connection);
        release.Parameters.AddWithValue("key", key);
        await release.ExecuteNonQueryAsync(ct);
    }

    /// <summary>After a right password: the count starts again, unless other attempts took places meanwhile
    /// (a burst of guesses keeps its count; this attempt only gives its own place back).</summary>
    public async Task ResetAsync(string key, int taken, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var reset = new NpgsqlCommand($"delete from {Table} where key = @key and failures = @taken", connection);
        reset.Parameters.AddWithValue("key", key);
        reset.Parameters.AddWithValue("taken", taken);
        if (await reset.ExecuteNonQueryAsync(ct) == 0) await ReleaseAsync(key, ct);
    }

    /// <summary>Rows whose window and lock ended before <paramref name="cutoff"/>.</summary>
    public async Task CleanAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var clean = new NpgsqlCommand(
            $"delete from {Table} where window_start < @cutoff and (locked_until is null or locked_until < @cutoff)", connection);
        clean.Parameters.AddWithValue("cutoff", cutoff);
        await clean.ExecuteNonQueryAsync(ct);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }
}
