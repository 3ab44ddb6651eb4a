using Marten;
using Npgsql;
using NetInfoSuite.Host.Storage;

namespace NetInfoSuite.Host.Outbox;

/// <summary>NetInfo:Outbox settings.</summary>
internal sealed record OutboxOptions(bool Relay, TimeSpan Poll, TimeSpan FirstRetry, int MaxAttempts)
{
    public static OutboxOptions From(IConfiguration config)
    {
        var section = config.GetSection("NetInfo:Outbox");
        return new(section.GetValue("Relay", true), TimeSpan.FromSeconds(section.GetValue("PollSeconds", 5.0)),
            TimeSpan.FromSeconds(section.GetValue("RetrySeconds", 10.0)), section.GetValue("MaxAttempts", 10));
    }

    /// <summary>Doubling waits, at most an hour apart: 10 s, 20 s, 40 s … (with the defaults, about 3 hours in all).</summary>
    public TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, FirstRetry.TotalSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));
}

/// <summary>Delivers stored messages after their commit, on every instance at once: each claims one message at a time
/// with FOR UPDATE SKIP LOCKED and holds it while its handlers run, so two relays never deliver the same message
/// together, and a relay that dies releases its claim with its connection. Wakes on the commit's NOTIFY, and looks
/// again every few seconds anyway (for retries that have come due, and a missed wake-up).</summary>
internal sealed class OutboxRelay(TenantDatabases databases, OutboxDelivery delivery, OutboxOptions options, ILogger<OutboxRelay> log)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Relay
        ? Task.WhenAll(databases.Extra.Prepend(databases.Main).Select(store => RelayAsync(store, stoppingToken)))
        : Task.CompletedTask;

    private async Task RelayAsync(IDocumentStore store, CancellationToken ct)
    {
        var known = delivery.KnownTypes.ToArray();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var listener = store.Storage.Database.CreateConnection();
                await listener.OpenAsync(ct);
                await using (var listen = new NpgsqlCommand($"listen {OutboxTables.Channel}", listener)) await listen.ExecuteNonQueryAsync(ct);
                var pruned = DateTime.MinValue;
                while (!ct.IsCancellationRequested)
                {
                    while (await DeliverNextAsync(store, known, ct)) { }
                    if (DateTime.UtcNow - pruned > TimeSpan.FromHours(1)) { await PruneAsync(listener, ct); pruned = DateTime.UtcNow; }
                    await listener.WaitAsync(await UntilNextDueAsync(listener, known, ct), ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception ex)
            {
                log.LogWarning(ex, "The outbox relay failed; it starts again in 5 s");
                try { await Task.Delay(TimeSpan.FromSeconds(5), ct); } catch (OperationCanceledException) { }
            }
        }
    }

    /// <summary>Until the next retry comes due, at most the poll interval (a commit's NOTIFY wakes the relay sooner).</summary>
    private async Task<TimeSpan> UntilNextDueAsync(NpgsqlConnection connection, string[] known, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            select extract(epoch from min(next_attempt_at) - now())::float8 from {OutboxTables.Messages}
            where delivered_at is null and dead_at is null and type = any($1)
            """, connection) { Parameters = { new() { Value = known } } };
        return await cmd.ExecuteScalarAsync(ct) is double seconds
            ? TimeSpan.FromSeconds(Math.Clamp(seconds, 0.05, options.Poll.TotalSeconds))
            : options.Poll;
    }

    /// <summary>Delivered messages are kept a week (to look into what happened), inbox rows a month (a dead letter put
    /// back within that time still skips the handlers that had run).</summary>
    private static async Task PruneAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            delete from {OutboxTables.Messages} where delivered_at < now() - interval '7 days';
            delete from {OutboxTables.Handled} where handled_at < now() - interval '30 days';
            """, connection);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <returns>whether a message was claimed (there may be more)</returns>
    public async Task<bool> DeliverNextAsync(IDocumentStore store, string[] known, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        OutboxMessage? message = null;
        await using (var claim = new NpgsqlCommand($"""
            select id, kind, type, body::text, attempts from {OutboxTables.Messages}
            where delivered_at is null and dead_at is null and next_attempt_at <= now() and type = any($1)
            order by next_attempt_at, id limit 1 for update skip locked
            """, connection, tx) { Parameters = { new() { Value = known } } })
        await using (var reader = await claim.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct))
                message = new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4));
        if (message is null) return false;

        var outcome = await delivery.DeliverAsync(message, ct);
        var attempts = outcome.Postponed ? message.Attempts : message.Attempts + 1;
        var (sql, next) = outcome switch
        {
            { Error: null } => ("delivered_at = now(), last_error = null", TimeSpan.Zero),
            { Postponed: true } => ("next_attempt_at = now() + $3, last_error = $2", TimeSpan.FromMinutes(1)),
            _ when attempts >= options.MaxAttempts => ("dead_at = now(), last_error = $2", TimeSpan.Zero),
            _ => ("next_attempt_at = now() + $3, last_error = $2", options.Backoff(attempts)),
        };
        if (outcome.Error is not null && attempts >= options.MaxAttempts && !outcome.Postponed)
            log.LogError("Outbox message {MessageId} ({Type}) failed {Attempts} times and waits for an operator: {Error}",
                message.Id, message.Type, attempts, outcome.Error);
        await using (var done = new NpgsqlCommand($"update {OutboxTables.Messages} set attempts = $4, {sql} where id = $1", connection, tx)
        {
            Parameters =
            {
                new() { Value = message.Id }, new() { Value = (object?)outcome.Error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                new() { Value = next }, new() { Value = attempts },
            },
        })
            await done.ExecuteNonQueryAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return true;
    }
}
