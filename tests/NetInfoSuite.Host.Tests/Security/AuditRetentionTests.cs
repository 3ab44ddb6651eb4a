using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NetInfoSuite.Testing;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>An audit trail that can live for years: scheduled work is recorded only when it changed something, the
/// table is partitioned by month, and only whole months past the retention ever leave it.</summary>
public sealed class AuditRetentionTests(PostgresServer postgres)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scheduled_work_leaves_a_record_only_when_it_changed_something()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var host = await TestHost.StartAsync(postgres, ["probe"], clock);

        for (var minute = 1; minute <= 3; minute++) await Sweep(host, clock, minute); // nothing to do, three times
        await Task.Delay(500, Ct);
        Assert.Equal(0, await SweepRecords(host));

        (await host.Client.PostAsync("/api/probe/work", null, Ct)).EnsureSuccessStatusCode();
        await Sweep(host, clock, 4); // finds the work and marks it done
        var records = 0;
        for (var i = 0; i < 100 && records == 0; i++) { await Task.Delay(50, Ct); records = await SweepRecords(host); }
        Assert.Equal(1, records);
        var record = (await host.Client.GetFromJsonAsync<JsonElement>("/api/audit?action=ProbeSweep", Ct)).GetProperty("items")[0];
        Assert.Equal(("system", "Ok"), (record.GetProperty("login").GetString(), record.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task The_trail_is_partitioned_by_month_and_only_whole_months_past_the_retention_are_dropped()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using (var january = await TestHost.StartOnAsync(database, PluginFolder.With(), new FakeTimeProvider(new DateTimeOffset(2026, 1, 20, 3, 0, 0, TimeSpan.Zero))))
        {
            // Signing in (done by the test host) was recorded in January 2026; a failed sign-in too.
            await january.AnonymousClient.PostAsJsonAsync("/api/auth/token", new { login = "admin", password = "wrong" }, Ct);
            Assert.Contains("audit_trail_y2026m01", await Partitions(database));
            Assert.Contains("audit_trail_y2026m04", await Partitions(database)); // created ahead
            Assert.Equal(2, await Count(database, "at >= '2026-01-01Z' and at < '2026-02-01Z'"));
        }

        // 36 months and three weeks later: all of January 2026 is past the retention; February 2026 is not.
        await using var later = await TestHost.StartOnAsync(database, PluginFolder.With(), new FakeTimeProvider(new DateTimeOffset(2029, 2, 10, 3, 0, 0, TimeSpan.Zero)));
        var partitions = await Partitions(database);
        Assert.DoesNotContain("audit_trail_y2026m01", partitions);
        Assert.Contains("audit_trail_y2026m02", partitions);
        Assert.Contains("audit_trail_y2029m05", partitions);
        Assert.Equal(0, await Count(database, "at < '2026-02-01Z'"));
        Assert.Equal(1, await Count(database, "at >= '2029-02-01Z'")); // this host's sign-in
    }

    [Fact]
    public async Task A_trail_from_before_partitioning_is_moved_in_on_start_and_stays_append_only()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using (var conn = new NpgsqlConnection(database))
        {
            await conn.OpenAsync(Ct);
            // The document table the trail used to be, with two records in it.
            await using var legacy = new NpgsqlCommand("""
                create schema platform;
                create table platform.mt_doc_auditrecord (id uuid primary key, data jsonb not null, mt_last_modified timestamptz default now(),
                    mt_version uuid, mt_dotnet_type varchar);
                insert into platform.mt_doc_auditrecord (id, data) values
                    ('0193a000-0000-7000-8000-000000000001', '{"id":"0193a000-0000-7000-8000-000000000001","at":"2025-06-03T01:02:03+00:00","userId":null,"login":"old-admin","orgUnitId":null,"tenant":"231000","action":"CreateOrgUnit","targetId":"x","outcome":"Ok","reason":null,"correlationId":"c1"}'),
                    ('0193a000-0000-7000-8000-000000000002', '{"id":"0193a000-0000-7000-8000-000000000002","at":"2025-07-04T01:02:03+00:00","userId":null,"login":"old-admin","orgUnitId":null,"tenant":"231000","action":"RenameOrgUnit","targetId":"y","outcome":"Rejected","reason":"no","correlationId":"c2"}');
                """, conn);
            await legacy.ExecuteNonQueryAsync(Ct);
        }

        await using var host = await TestHost.StartOnAsync(database, PluginFolder.With());

        var old = await host.Client.GetFromJsonAsync<JsonElement>("/api/audit?login=old-admin", Ct);
        Assert.Equal(["RenameOrgUnit", "CreateOrgUnit"], old.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("action").GetString()));
        Assert.Contains("audit_trail_y2025m06", await Partitions(database));
        await using var check = new NpgsqlConnection(database);
        await check.OpenAsync(Ct);
        Assert.Equal(true, await new NpgsqlCommand("select to_regclass('platform.mt_doc_auditrecord') is null", check).ExecuteScalarAsync(Ct)); // moved, then dropped
        foreach (var sql in new[] { "update platform.audit_trail set reason = reason", "delete from platform.audit_trail_y2025m06" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, check).ExecuteNonQueryAsync(Ct));
            Assert.Contains("append-only", refused.MessageText);
        }
    }

    [Fact]
    public async Task A_retention_shorter_than_three_years_is_refused_at_start()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => TestHost.StartAsync(postgres, [], ("NetInfo:Audit:RetentionMonths", "24")));
        Assert.Contains("at least 36 months", refused.ToString());
    }

    private static async Task Sweep(TestHost host, FakeTimeProvider clock, int expected)
    {
        clock.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 200 && await host.Client.GetFromJsonAsync<int>("/api/probe/sweeps", Ct) < expected; i++) await Task.Delay(25, Ct);
    }

    private static async Task<int> SweepRecords(TestHost host) =>
        (await host.Client.GetFromJsonAsync<JsonElement>("/api/audit?action=ProbeSweep", Ct)).GetProperty("total").GetInt32();

    private static async Task<List<string>> Partitions(string database)
    {
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'platform.audit_trail'::regclass", conn);
        var names = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task<long> Count(string database, string where)
    {
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync(Ct);
        return (long)(await new NpgsqlCommand($"select count(*) from platform.audit_trail where {where}", conn).ExecuteScalarAsync(Ct))!;
    }
}
