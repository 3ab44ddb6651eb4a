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
        var pg = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDir = Path.Combine(work, "pg") }, Serilog.Core.Logger.None);
        return new BenchContext(repo, config!, quick, pg, work);
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
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
    }

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NetInfoSuite.sln"))) return dir.FullName;
        throw new InvalidOperationException("NetInfoSuite.sln not found");
    }
}
