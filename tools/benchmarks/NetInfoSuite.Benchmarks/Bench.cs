using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Host;
using NetInfoSuite.Host.Storage;

/// <summary>One measured case: its figure, the baseline measured beside it in the same run, their ratio and the
/// goal. <see cref="Met"/> is null when the case has no goal of its own (a reference row).</summary>
internal sealed record Row(string Case, string Measured, string Baseline, string Ratio, string Goal, bool? Met);

/// <summary>Statements a database ran and the time it spent on them (execution and planning), from pg_stat_statements.</summary>
internal sealed record DatabaseWork(long Statements, double Ms);

/// <summary>A group of cases with how they were measured.</summary>
internal sealed record Section(string Title, string Method, IReadOnlyList<Row> Rows);

/// <summary>What every case gets: the repository, the build, quick or full mode, and one durable embedded
/// PostgreSQL (started the way the host and the tests start it) with a fresh database per case.</summary>
internal sealed class BenchContext(string repo, string config, bool quick, EmbeddedPostgres postgres, string work) : IAsyncDisposable
{
    private int _databases;

    public string Repo => repo;
    public bool Quick => quick;
    public string Work => work;
    public string HostBin => Path.Combine(repo, "host", "NetInfoSuite.Host", "bin", config, "net10.0");
    public string HostPlugins => Path.Combine(HostBin, "plugins");
    public const string AdminPassword = "Bench#Pass-2026";
    public const string UserPassword = "Bench#User-2026";

    public static async Task<BenchContext> StartAsync(bool quick)
    {
        var repo = FindRepo();
        var config = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!);
        var work = Path.Combine(Path.GetTempPath(), "netinfo-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var options = new EmbeddedPostgresOptions { DataDir = Path.Combine(work, "pg") };
        var pg = await EmbeddedPostgres.StartAsync(options, Serilog.Core.Logger.None);
        // pg_stat_statements, so the cases can count the statements a request costs and the time the database spends
        // on them: it loads only at server start, hence one restart of the fresh cluster.
        await using (var connection = new Npgsql.NpgsqlConnection(pg.AdminConnectionFor("postgres")))
        {
            await connection.OpenAsync();
            // NETINFO_BENCH_EXPLAIN_MS=n (profiling only: it slows every statement): auto_explain writes the plans of statements
            // slower than n ms, with ANALYZE and BUFFERS, to the server log, kept as artifacts/benchmarks-explain.log.
            var explainMs = Environment.GetEnvironmentVariable("NETINFO_BENCH_EXPLAIN_MS");
            // 128 concurrent requests with a pool of 100 per data source, plus the host's other pools, pass PostgreSQL's default of 100.
            string[] settings = explainMs is null ? ["alter system set shared_preload_libraries = 'pg_stat_statements'", "alter system set max_connections = 300"] :
            [
                "alter system set max_connections = 300",
                "alter system set shared_preload_libraries = 'pg_stat_statements,auto_explain'",
                $"alter system set auto_explain.log_min_duration = '{int.Parse(explainMs)}ms'", "alter system set auto_explain.log_analyze = on",
                "alter system set auto_explain.log_buffers = on", "alter system set auto_explain.log_nested_statements = on",
            ];
            foreach (var setting in settings)
            {
                await using var preload = new Npgsql.NpgsqlCommand(setting, connection);
                await preload.ExecuteNonQueryAsync();
            }
        }
        await pg.DisposeAsync();
        pg = await EmbeddedPostgres.StartAsync(options, Serilog.Core.Logger.None);
        await using (var connection = new Npgsql.NpgsqlConnection(pg.AdminConnectionFor("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand("create extension if not exists pg_stat_statements", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new BenchContext(repo, config!, quick, pg, work);
    }

    /// <summary>What the database did for one database since the last reset: statements run (BEGIN and COMMIT
    /// included) and their execution time, summed; then the counters start again.</summary>
    public async Task<DatabaseWork> DatabaseWorkAsync(string database, bool reset = true)
    {
        await using var connection = new Npgsql.NpgsqlConnection(postgres.AdminConnectionFor("postgres"));
        await connection.OpenAsync();
        var name = new Npgsql.NpgsqlConnectionStringBuilder(database).Database;
        await using var read = new Npgsql.NpgsqlCommand("""
            select coalesce(sum(s.calls), 0)::bigint, coalesce(sum(s.total_exec_time + s.total_plan_time), 0)::float8
            from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1
            """, connection) { Parameters = { new() { Value = name } } };
        DatabaseWork work;
        await using (var reader = await read.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            work = new DatabaseWork(reader.GetInt64(0), reader.GetDouble(1));
        }
        if (reset)
        {
            await using var clear = new Npgsql.NpgsqlCommand("select pg_stat_statements_reset()", connection);
            await clear.ExecuteNonQueryAsync();
        }
        return work;
    }

    /// <summary>The statements of one database with their calls and mean time, costliest first (for profiling notes); each
    /// statement on one line, cut at 200 characters.</summary>
    public async Task<List<(string Query, long Calls, double MeanMs)>> TopStatementsAsync(string database, int count = 12)
    {
        await using var connection = new Npgsql.NpgsqlConnection(postgres.AdminConnectionFor("postgres"));
        await connection.OpenAsync();
        var name = new Npgsql.NpgsqlConnectionStringBuilder(database).Database;
        await using var read = new Npgsql.NpgsqlCommand("""
            select s.query, s.calls, (s.total_exec_time + s.total_plan_time) / s.calls
            from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1
            order by s.total_exec_time + s.total_plan_time desc limit $2
            """, connection) { Parameters = { new() { Value = name }, new() { Value = count } } };
        var rows = new List<(string, long, double)>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var oneLine = string.Join(' ', reader.GetString(0).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
            rows.Add((oneLine[..Math.Min(200, oneLine.Length)], reader.GetInt64(1), reader.GetDouble(2)));
        }
        return rows;
    }

    public async Task<string> NewDatabaseAsync()
    {
        var name = $"bench_{Interlocked.Increment(ref _databases)}";
        await using var connection = new Npgsql.NpgsqlConnection(postgres.AdminConnectionFor("postgres")); // the host's own role may not create databases
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return postgres.AdminConnectionFor(name);
    }

    /// <summary>The whole host in this process, on a test server (no sockets) unless <paramref name="urls"/> is given.</summary>
    public async Task<WebApplication> StartHostAsync(string connectionString, string modules, string? pluginsPath = null, string? urls = null)
    {
        var args = new List<string>
        {
            $"--ConnectionStrings:Marten={connectionString}", $"--NetInfo:PluginsPath={pluginsPath ?? HostPlugins}",
            $"--NetInfo:Modules={modules}", $"--NetInfo:Admin:InitialPassword={AdminPassword}", "--Serilog:MinimumLevel:Default=Warning",
            "--GridDispatch:FourEyes=false", // the cases time fan-out and feedback, drafted and approved by one benchmark user
        };
        if (urls is not null) args.Add($"--Urls={urls}");
        var app = await NetInfoApp.BuildAsync([.. args], urls is null ? b => b.WebHost.UseTestServer() : null);
        await app.StartAsync();
        return app;
    }

    /// <summary>A plugins folder holding exactly these plugins (from the host's build, the test or the bench plugins).</summary>
    public string PluginFolder(params string[] ids)
    {
        var folder = Path.Combine(work, "plugins-" + Guid.NewGuid().ToString("N")[..6]);
        foreach (var id in ids)
        {
            var from = new[] { HostPlugins, Path.Combine(repo, "artifacts", "test-plugins"), Path.Combine(repo, "artifacts", "bench-plugins") }
                .Select(root => Path.Combine(root, id)).First(Directory.Exists);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(folder, id, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
        return folder;
    }

    public static IServiceProvider Services(WebApplication app) =>
        app.Services.GetRequiredService<NetInfoSuite.Host.Generations.GenerationSwitch>().Current.Services;

    /// <summary>A bearer-token client of an in-process host, signed in.</summary>
    public static async Task<HttpClient> ClientAsync(WebApplication app, string login, string password)
    {
        var client = app.GetTestClient();
        var token = await client.PostAsJsonAsync("/api/auth/token", new { login, password });
        token.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>Creates a user (as the administrator) and returns its id.</summary>
    public static async Task<Guid> CreateUserAsync(HttpClient admin, string login, Guid unit, params string[] roles)
    {
        var response = await admin.PostAsJsonAsync("/api/users", new { login, name = "基准用户", orgUnitId = unit, roles, password = UserPassword, temporary = false });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<T> Json<T>(Task<HttpResponseMessage> request)
    {
        var response = await request;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public static double Median(IEnumerable<double> xs) => Percentile(xs, 0.5);

    public static double Percentile(IEnumerable<double> xs, double q)
    {
        var sorted = xs.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>The host as a deployment runs it: its own process, listening on loopback; output drained and dropped.</summary>
    public Process StartHostProcess(string workingDirectory, int port, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(HostBin, "NetInfoSuite.Host.dll"), $"--Urls=http://127.0.0.1:{port}", $"--NetInfo:Admin:InitialPassword={AdminPassword}",
                     "--GridDispatch:FourEyes=false" }.Concat(args)) // as in StartHostAsync
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        // Errors the host logs reach the bench's stderr, so a failed request in a run can be explained.
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && (line.Contains(" ERR]") || line.Contains(" FTL]"))) Console.Error.WriteLine("host: " + line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine("host: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls /health/ready until the host answers 200 (three minutes at most).</summary>
    public static async Task WaitReadyAsync(HttpClient client, Process host)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 180; // a loaded shared machine has taken over a minute
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (host.HasExited) throw new InvalidOperationException("the host exited at start");
            try { if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode) return; } catch (HttpRequestException) { } catch (TaskCanceledException) { }
            await Task.Delay(20);
        }
        throw new TimeoutException("the host did not become ready");
    }

    /// <summary>A TCP port free on loopback now, for a host that listens on a socket.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static double Ms(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    public async ValueTask DisposeAsync()
    {
        await postgres.DisposeAsync();
        if (Environment.GetEnvironmentVariable("NETINFO_BENCH_EXPLAIN_MS") is not null && File.Exists(Path.Combine(work, "pg", "server.log")))
            File.Copy(Path.Combine(work, "pg", "server.log"), Path.Combine(repo, "artifacts", "benchmarks-explain.log"), overwrite: true);
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
    }

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NetInfoSuite.sln"))) return dir.FullName;
        throw new InvalidOperationException("NetInfoSuite.sln not found");
    }
}
