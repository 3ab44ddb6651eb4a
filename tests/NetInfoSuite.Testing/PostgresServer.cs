using NetInfoSuite.Host.Storage;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Testing;

/// <summary>One real PostgreSQL for a whole test assembly: the host's own embedded cluster, in a folder
/// per test assembly (a killed run's server is stopped by the next one). Each test class gets a fresh
/// database. It allows 400 connections: the classes of an assembly run at once, each host with its pools, and
/// PostgreSQL's default 100 was met ("too many clients") in CI. Set NETINFO_TEST_POSTGRES to a connection string to use another server instead.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Prefix = "netinfo_test_";
    private EmbeddedPostgres? _embedded;
    private string _adminConnection = "";
    private int _next;

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("NETINFO_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            _adminConnection = external;
        }
        else
        {
            var name = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "tests";
            var dataDir = Path.Combine(Path.GetTempPath(), "netinfo-tests", name);
            Directory.CreateDirectory(Path.GetDirectoryName(dataDir)!);
            _embedded = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDir = dataDir, Durable = false, MaxConnections = 400 }, Serilog.Core.Logger.None);
            _adminConnection = _embedded.AdminConnectionFor("postgres");
        }
        await DropLeftoverDatabasesAsync();
    }

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"{Prefix}{Environment.ProcessId}_{Interlocked.Increment(ref _next)}";
        await ExecuteAsync($"create database {name}");
        return new NpgsqlConnectionStringBuilder(_adminConnection) { Database = name }.ConnectionString;
    }

    private async Task DropLeftoverDatabasesAsync()
    {
        await using var conn = new NpgsqlConnection(_adminConnection);
        await conn.OpenAsync();
        var names = new List<string>();
        await using (var cmd = new NpgsqlCommand($"select datname from pg_database where datname like '{Prefix}%'", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        foreach (var name in names)
            await using (var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", conn))
                await drop.ExecuteNonQueryAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(_adminConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null) await _embedded.DisposeAsync();
    }
}
