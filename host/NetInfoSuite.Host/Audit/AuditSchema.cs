using System.Globalization;
using System.Text.RegularExpressions;
using Marten;
using Npgsql;
using NetInfoSuite.Host.Storage;

namespace NetInfoSuite.Host.Audit;

/// <summary>NetInfo:Audit:RetentionMonths: how long audit records are kept (default and minimum 36 months: three years
/// is the personal-information law's floor for records of processing).</summary>
internal sealed record AuditRetention(int Months)
{
    public const int Minimum = 36;

    public static AuditRetention From(IConfiguration config)
    {
        var months = config.GetValue("NetInfo:Audit:RetentionMonths", Minimum);
        return months >= Minimum ? new(months) : throw new InvalidOperationException(
            $"NetInfo:Audit:RetentionMonths is {months}: audit records are kept at least {Minimum} months (3 years).");
    }
}

/// <summary>Keeps the audit trail in shape in the main database (the only one that holds it, ADR 0020), at start and every six hours: the table partitioned by
/// month (UTC) with the next months created ahead, a table from before partitioning moved in, whole months past the
/// retention dropped (the only way anything leaves the trail), and UPDATE, DELETE and TRUNCATE refused by triggers, whatever
/// code or person issues them. Instances take turns through an advisory lock.</summary>
internal sealed partial class AuditSchema(TenantDatabases databases, AuditRetention retention, TimeProvider clock, ILogger<AuditSchema> log)
    : BackgroundService
{
    private const int MonthsAhead = 3;
    private const string Default = "platform.audit_trail_default";

    /// <summary>Statements that make the table append-only; run after every start (a later rule adds its trigger here).</summary>
    private const string AppendOnly = $"""
        create or replace function platform.audit_is_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit records are append-only'; end $$;
        drop trigger if exists audit_append_only on {AuditTable.Name};
        create trigger audit_append_only before update or delete on {AuditTable.Name}
            for each row execute function platform.audit_is_append_only();
        drop trigger if exists audit_no_truncate on {AuditTable.Name};
        create trigger audit_no_truncate before truncate on {AuditTable.Name}
            for each statement execute function platform.audit_is_append_only();
        -- TRUNCATE of one month's partition does not fire the parent's trigger: each partition gets its own.
        do $do$ declare p regclass; begin
            for p in select inhrelid::regclass from pg_inherits where inhparent = '{AuditTable.Name}'::regclass loop
                execute format('drop trigger if exists audit_no_truncate on %s; create trigger audit_no_truncate before truncate on %s for each statement execute function platform.audit_is_append_only()', p, p);
            end loop; end $do$;
        """;

    public override async Task StartAsync(CancellationToken ct)
    {
        // Before the generation serves: the first command's record needs the table.
        await MaintainAllAsync(ct);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(6), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await MaintainAllAsync(stoppingToken); }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Audit trail maintenance failed; it runs again in six hours");
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private Task MaintainAllAsync(CancellationToken ct) => MaintainAsync(databases.Main, ct);

    private async Task MaintainAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await RunAsync(conn, $"""
            select pg_advisory_xact_lock({ExclusiveWork.LockKey("audit-trail-schema")});
            create schema if not exists platform;
            create table if not exists {AuditTable.Name} (
                id uuid not null, at timestamptz not null, user_id uuid, login text not null, org_unit_id uuid,
                tenant text not null, action text not null, target_id text, outcome text not null, reason text,
                correlation_id text not null, primary key (id, at)) partition by range (at);
            create index if not exists ix_audit_trail_at on {AuditTable.Name} (at);
            create index if not exists ix_audit_trail_tenant_at on {AuditTable.Name} (tenant, at);
            -- Catches a record outside every month created (a clock far off): never lost, never dropped.
            create table if not exists {Default} partition of {AuditTable.Name} default;
            """, ct);

        var now = clock.GetUtcNow();
        var thisMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var months = Enumerable.Range(0, MonthsAhead + 1).Select(i => thisMonth.AddMonths(i)).ToList();
        var legacy = await ScalarAsync(conn, $"select to_regclass('{AuditTable.Legacy}') is not null", ct) is true;
        if (legacy)
            months.AddRange(await MonthsAsync(conn, $"select distinct date_trunc('month', (data ->> 'at')::timestamptz at time zone 'UTC') from {AuditTable.Legacy}", ct));
        foreach (var month in months.Distinct().Order())
            await CreateMonthAsync(conn, month, ct);

        if (legacy)
        {
            var moved = await RunAsync(conn, $"""
                insert into {AuditTable.Name} ({AuditTable.Columns})
                select id, (data ->> 'at')::timestamptz, (data ->> 'userId')::uuid, coalesce(data ->> 'login', ''), (data ->> 'orgUnitId')::uuid,
                       coalesce(data ->> 'tenant', ''), coalesce(data ->> 'action', ''), data ->> 'targetId', coalesce(data ->> 'outcome', 'Ok'),
                       data ->> 'reason', coalesce(data ->> 'correlationId', '')
                from {AuditTable.Legacy} on conflict do nothing
                """, ct);
            await RunAsync(conn, $"drop table {AuditTable.Legacy}", ct);
            log.LogInformation("Moved {Count} audit records into the partitioned trail", moved);
        }

        await DropExpiredAsync(conn, now.AddMonths(-retention.Months), ct);
        await RunAsync(conn, AppendOnly, ct);
        await tx.CommitAsync(ct);
    }

    private async Task CreateMonthAsync(NpgsqlConnection conn, DateTimeOffset month, CancellationToken ct)
    {
        var (from, to) = (Literal(month), Literal(month.AddMonths(1)));
        // A month's rows already in the default partition would make its partition fail: they stay there (kept).
        if (await ScalarAsync(conn, $"select to_regclass('{PartitionName(month)}') is null and exists (select 1 from {Default} where at >= {from} and at < {to})", ct) is true)
        {
            log.LogWarning("Audit records of {Month:yyyy-MM} are in the default partition; that month gets no partition of its own", month);
            return;
        }
        await RunAsync(conn, $"create table if not exists {PartitionName(month)} partition of {AuditTable.Name} for values from ({from}) to ({to})", ct);
    }

    /// <summary>A month goes only once all of it is older than the retention.</summary>
    private async Task DropExpiredAsync(NpgsqlConnection conn, DateTimeOffset cutoff, CancellationToken ct)
    {
        var partitions = new List<string>();
        await using (var cmd = new NpgsqlCommand($"select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = '{AuditTable.Name}'::regclass", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) partitions.Add(reader.GetString(0));
        foreach (var name in partitions)
        {
            if (MonthPartition().Match(name) is not { Success: true } m) continue;
            var end = new DateTimeOffset(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
            if (end > cutoff) continue;
            await RunAsync(conn, $"drop table platform.{name}", ct);
            log.LogInformation("Dropped the audit records of {Month}: past the {Months}-month retention", name, retention.Months);
        }
    }

    public static string PartitionName(DateTimeOffset month) => $"platform.audit_trail_y{month:yyyy}m{month:MM}";

    private static string Literal(DateTimeOffset at) => $"'{at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}+00'";

    [GeneratedRegex(@"^audit_trail_y(\d{4})m(\d{2})$")]
    private static partial Regex MonthPartition();

    private static async Task<int> RunAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync(ct);
    }

    private static async Task<List<DateTimeOffset>> MonthsAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        var months = new List<DateTimeOffset>();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (!reader.IsDBNull(0)) months.Add(new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc)));
        return months;
    }
}
