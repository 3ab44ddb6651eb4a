using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Host.Storage;
using NetInfoSuite.Testing;
using Npgsql;

/// <summary>One result row of the report: the operation, its figures in the section's columns, and whether its goal
/// was met.</summary>
internal sealed record Row(IReadOnlyList<string> Cells, bool Met);

/// <summary>A group of operations tried the same way, with how they were tried and the columns of their rows; what it
/// measured along the way (<paramref name="Figures"/>, markdown) follows the rows.</summary>
internal sealed record Section(string Title, string Method, IReadOnlyList<string> Columns, IReadOnlyList<Row> Rows, string? Figures = null);

/// <summary>What every case gets: quick or full sizes, a seeded random source (printed, so a run can be repeated), and one
/// durable embedded PostgreSQL of its own that a case may stop by its process id and start again.</summary>
internal sealed class Rig : IAsyncDisposable
{
    public const string AdminPassword = "Reliab#Admin-2026";
    public const string UserPassword = "Reliab#User-2026";
    private readonly EmbeddedPostgresOptions _pgOptions;
    private readonly List<PluginFolder> _folders = [];
    private EmbeddedPostgres _pg;
    private int _databases;

    private Rig(bool quick, int? kills, int seed, string work, EmbeddedPostgresOptions pgOptions, EmbeddedPostgres pg)
    {
        Quick = quick;
        Kills = kills ?? (quick ? 3 : 20);
        Seed = seed;
        Random = new Random(seed);
        Work = work;
        _pgOptions = pgOptions;
        _pg = pg;
    }

    public bool Quick { get; }
    /// <summary>The sections or crash operations named by --only (empty: all).</summary>
    public IReadOnlyList<string> Only { get; set; } = [];
    /// <summary>Kills per crash operation (3 quick, 20 full, or --kills); database restarts are a quarter of it.</summary>
    public int Kills { get; }
    public int Seed { get; }
    public Random Random { get; }
    public string Work { get; }

    public static async Task<Rig> StartAsync(bool quick, int? kills, int seed)
    {
        var work = Path.Combine(Path.GetTempPath(), "netinfo-reliability-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101); // the embedded server runs as another user
        // Durable (fsync on): what a commit acknowledged must survive a stopped server, as in production.
        var options = new EmbeddedPostgresOptions { DataDir = Path.Combine(work, "pg"), Durable = true };
        return new Rig(quick, kills, seed, work, options, await EmbeddedPostgres.StartAsync(options, Serilog.Core.Logger.None));
    }

    public async Task<string> NewDatabaseAsync()
    {
        var name = $"rel_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(_pg.AdminConnectionFor("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return _pg.AdminConnectionFor(name);
    }

    /// <summary>A plugins folder with exactly these plugins (the host's build, then the test plugins).</summary>
    public string Plugins(params string[] ids)
    {
        var folder = PluginFolder.With(ids);
        _folders.Add(folder);
        return folder.Path;
    }

    /// <summary>The built host as its own process on <paramref name="db"/>, loading <paramref name="plugins"/>; its working
    /// folder (plugin cache, data protection keys) is <paramref name="name"/> under the run's folder.</summary>
    public Task<HostProcess> StartHostAsync(string name, string db, string plugins, params string[] more) =>
        StartHostAsync(name, db, plugins, null, more);

    /// <summary>The same on a stopped clock at <paramref name="now"/> (the test host NetInfoSuite.FakeClockHost), when not null.</summary>
    public Task<HostProcess> StartHostAsync(string name, string db, string plugins, DateTimeOffset? now, params string[] more) =>
        StartHostAsync(name, db, plugins, now, 0, more);

    /// <summary>The same on a fake clock that starts at <paramref name="now"/> once the host is ready and then runs
    /// <paramref name="speed"/> times as fast as real time (0: stopped).</summary>
    public Task<HostProcess> StartHostAsync(string name, string db, string plugins, DateTimeOffset? now, double speed, params string[] more) =>
        StartHostAsync(name, db, plugins, now, speed, new Dictionary<string, string>(), more);

    /// <summary>The same with more environment variables for the host process (a fake clock's host only).</summary>
    public async Task<HostProcess> StartHostAsync(string name, string db, string plugins, DateTimeOffset? now, double speed,
        IReadOnlyDictionary<string, string> environment, params string[] more)
    {
        var folder = Path.Combine(Work, name);
        Directory.CreateDirectory(folder);
        string[] args = [$"--ConnectionStrings:Marten={db}", $"--NetInfo:PluginsPath={plugins}",
            $"--NetInfo:Admin:InitialPassword={AdminPassword}", "--GridDispatch:FourEyes=false",
            "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Warning", .. more];
        var variables = new Dictionary<string, string>(environment);
        if (now is { } at) variables["NETINFO_FAKE_NOW"] = at.ToString("O");
        if (speed > 0) variables["NETINFO_FAKE_SPEED"] = speed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return now is not null
            ? await HostProcess.StartAsync(folder, RepoPaths.FakeClockHostDll, variables, args)
            : await HostProcess.StartAsync(folder, args);
    }

    /// <summary>The running postmaster's process id (first line of postmaster.pid).</summary>
    public int PostmasterPid => int.Parse(File.ReadLines(Path.Combine(_pgOptions.DataDir, "postmaster.pid")).First());

    /// <summary>Stops PostgreSQL by its process id (SIGINT: fast shutdown, clients cut off at once) and waits until it is gone.</summary>
    public async Task StopPostgresAsync()
    {
        var pid = PostmasterPid;
        using (var kill = Process.Start("kill", ["-INT", pid.ToString()])) await kill.WaitForExitAsync();
        while (Directory.Exists($"/proc/{pid}")) await Task.Delay(20);
    }

    /// <summary>Starts the same cluster again (same folder, same socket).</summary>
    public async Task StartPostgresAsync()
    {
        NpgsqlConnection.ClearAllPools(); // this process's pooled connections died with the server
        _pg = await EmbeddedPostgres.StartAsync(_pgOptions, Serilog.Core.Logger.None);
    }

    public static async Task<T> ScalarAsync<T>(string db, string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task<List<object[]>> RowsAsync(string db, string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Waits until the outbox holds nothing pending (delivered or dead); the count of dead letters.</summary>
    public static async Task<long> OutboxSettledAsync(string db, TimeSpan timeout, CancellationToken ct = default)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var pending = await ScalarAsync<long>(db, "select count(*) from platform.outbox where delivered_at is null and dead_at is null");
            if (pending == 0) return await ScalarAsync<long>(db, "select count(*) from platform.outbox where dead_at is not null");
            if (DateTime.UtcNow > until) throw new TimeoutException($"{pending} outbox message(s) still pending after {timeout.TotalSeconds:0} s");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>A random moment within [0, <paramref name="span"/>]: where a kill lands.</summary>
    public TimeSpan Moment(TimeSpan span) => span * Random.NextDouble();

    public static async Task<JsonElement> Json(Task<HttpResponseMessage> request)
    {
        var response = await request;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        await _pg.DisposeAsync();
        foreach (var folder in _folders) folder.Dispose();
        try { Directory.Delete(Work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
