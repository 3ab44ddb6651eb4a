using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NetInfoSuite.Host.Storage;
using NetInfoSuite.Testing;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>On its embedded cluster the host connects as a role that owns its schemas but is no superuser (ADR 0021):
/// the audit trail refuses TRUNCATE, UPDATE and DELETE to it, old months are still dropped, and a cluster whose
/// tables an older host made as the superuser is handed over on start.</summary>
public sealed class DatabaseRoleTests : IAsyncDisposable
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "netinfo-tests", "role-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly PluginFolder _plugins = PluginFolder.With();
    private EmbeddedPostgresOptions Cluster => new() { DataDir = _dataDir, Durable = false };

    [Fact]
    public async Task The_host_connects_as_its_own_role_which_cannot_truncate_or_change_the_audit_trail_but_drops_old_months()
    {
        // A cluster from before the role: the superuser made the trail's old document table.
        await using (var old = await EmbeddedPostgres.StartAsync(Cluster, Serilog.Core.Logger.None, Ct))
            await Execute(old.AdminConnectionFor("netinfo"), """
                create schema platform;
                create table platform.mt_doc_auditrecord (id uuid primary key, data jsonb not null, mt_last_modified timestamptz default now(),
                    mt_version uuid, mt_dotnet_type varchar);
                insert into platform.mt_doc_auditrecord (id, data) values ('0193a000-0000-7000-8000-000000000001',
                    '{"id":"0193a000-0000-7000-8000-000000000001","at":"2025-12-03T01:02:03+00:00","login":"old-admin","tenant":"231000","action":"CreateOrgUnit","outcome":"Ok","correlationId":"c1"}');
                """);

        await using (var january = await StartHost(new DateTimeOffset(2026, 1, 20, 3, 0, 0, TimeSpan.Zero)))
        {
            await using var conn = await HostConnection(january);
            Assert.Equal((EmbeddedPostgres.AppRole, false),
                ((string)(await Scalar(conn, "select current_user"))!, (bool)(await Scalar(conn, "select rolsuper from pg_roles where rolname = current_user"))!));
            Assert.Equal(true, await Scalar(conn, "select to_regclass('platform.mt_doc_auditrecord') is null")); // moved in and dropped: it owns it now
            Assert.True((long)(await Scalar(conn, "select count(*) from platform.audit_trail"))! >= 2); // the old record and this sign-in

            foreach (var sql in new[] { "truncate platform.audit_trail", "truncate platform.audit_trail_y2026m01",
                         "update platform.audit_trail set reason = 'x'", "delete from platform.audit_trail" })
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(conn, sql));
                Assert.Contains("append-only", refused.MessageText);
            }
            // What only a superuser may do: run programs, read the server's files, make roles.
            foreach (var sql in new[] { "copy (select 1) to program 'true'", "select pg_read_file('PG_VERSION')", "create role intruder superuser" })
                await Assert.ThrowsAsync<PostgresException>(() => Execute(conn, sql));
            await january.StopAsync(Ct);
        }

        // 36 months later the old months go: the owner may drop them.
        await using (var later = await StartHost(new DateTimeOffset(2029, 2, 10, 3, 0, 0, TimeSpan.Zero)))
        {
            await using var conn = await HostConnection(later);
            Assert.Equal(true, await Scalar(conn, "select to_regclass('platform.audit_trail_y2026m01') is null"));
            Assert.Equal(true, await Scalar(conn, "select to_regclass('platform.audit_trail_y2026m02') is not null"));
            Assert.Equal(0L, await Scalar(conn, "select count(*) from platform.audit_trail where at < '2026-02-01Z'"));
            await later.StopAsync(Ct);
        }

        // Everything in the host's schemas belongs to its role; the superuser owns nothing there.
        await using var check = await EmbeddedPostgres.StartAsync(Cluster, Serilog.Core.Logger.None, Ct);
        await using var admin = new NpgsqlConnection(check.AdminConnectionFor("netinfo"));
        await admin.OpenAsync(Ct);
        Assert.Equal(0L, await Scalar(admin, $"""
            select (select count(*) from pg_namespace where nspname not like 'pg\_%' and nspname <> 'information_schema' and nspowner <> '{EmbeddedPostgres.AppRole}'::regrole)
                 + (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname not like 'pg\_%' and n.nspname <> 'information_schema' and c.relowner <> '{EmbeddedPostgres.AppRole}'::regrole)
            """));
        Assert.Equal(EmbeddedPostgres.AppRole, await Scalar(admin, "select pg_get_userbyid(datdba) from pg_database where datname = 'netinfo'"));
    }

    private async Task<WebApplication> StartHost(DateTimeOffset now)
    {
        var app = await NetInfoApp.BuildAsync([
                $"--NetInfo:Database:DataDir={_dataDir}", "--NetInfo:Database:Durable=false",
                $"--NetInfo:PluginsPath={_plugins.Path}", "--Serilog:MinimumLevel:Default=Warning",
                $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}"],
            b =>
            {
                b.WebHost.UseTestServer();
                b.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(now));
            });
        await app.StartAsync(Ct);
        await app.GetTestClient().SignInAsync("admin", TestHost.AdminPassword);
        return app;
    }

    /// <summary>A connection exactly as the host's store makes them.</summary>
    private static async Task<NpgsqlConnection> HostConnection(WebApplication app)
    {
        var store = app.Services.GetRequiredService<Generations.GenerationSwitch>().Current.Services.GetRequiredService<IDocumentStore>();
        var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(Ct);
        return conn;
    }

    private static async Task Execute(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync(Ct);
        await Execute(conn, sql);
    }

    private static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<object?> Scalar(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        _plugins.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
