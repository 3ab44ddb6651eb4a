using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>tools/publish.sh makes a folder that runs on its own: the host and the chosen plugins only, started in an empty
/// folder against a PostgreSQL server; with a collector configured it sends OpenTelemetry traces in which each MediatR
/// request is a span naming its module.</summary>
public sealed class DeploymentTests(PostgresServer postgres) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "netinfo-deploy-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_published_folder_with_chosen_plugins_starts_in_an_empty_folder_against_a_server_and_sends_traces()
    {
        var dist = Path.Combine(_root, "dist");
        var (code, output) = await RunAsync(Path.Combine(RepoPaths.Root, "tools", "publish.sh"), "--out", dist, "--modules", "directory,grid-dispatch",
            "--local", "jingpo-winter-fishing", "--configuration", RepoPaths.Configuration, "--no-build");
        Assert.True(code == 0, output);
        string[] Folders(string path) => Directory.GetDirectories(path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(["directory", "grid-dispatch", "tenants"], Folders(Path.Combine(dist, "plugins")));
        Assert.Equal(["jingpo-winter-fishing"], Folders(Path.Combine(dist, "plugins", "tenants", "231084")));
        var unknown = await RunAsync(Path.Combine(RepoPaths.Root, "tools", "publish.sh"), "--out", Path.Combine(_root, "other"), "--modules", "nosuch");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("no module 'nosuch'", unknown.Output);

        // A collector: an OTLP/HTTP receiver that keeps what it is sent.
        using var collector = new HttpListener();
        var port = FreePort();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var traces = new List<byte[]>();
        _ = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                var context = await collector.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.Url!.AbsolutePath == "/v1/traces") lock (traces) traces.Add(body.ToArray());
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        var empty = Directory.CreateDirectory(Path.Combine(_root, "run")).FullName;
        var database = await postgres.CreateDatabaseAsync();
        await using var host = await HostProcess.StartAsync(empty, Path.Combine(dist, "NetInfoSuite.Host.dll"), new Dictionary<string, string>(),
            $"--ConnectionStrings:Marten={database}", $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}",
            $"--NetInfo:Telemetry:OtlpEndpoint=http://127.0.0.1:{port}", "--NetInfo:Telemetry:Protocol=http");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/ready")).StatusCode);
        using var modules = JsonDocument.Parse(await host.Client.GetStringAsync("/api/modules"));
        Assert.Equal(["directory", "grid-dispatch"], modules.RootElement.EnumerateArray()
            .Where(m => m.GetProperty("status").GetString() == "loaded").Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.False(Directory.Exists(Path.Combine(empty, ".netinfo", "pg")), "with a server given, no embedded database is started");

        await host.Client.SignInAsync("admin", TestHost.AdminPassword);
        (await host.Client.GetAsync("/api/directory/units")).EnsureSuccessStatusCode();
        // The batch exporter sends every few seconds: wait for the request's span.
        var deadline = Stopwatch.StartNew();
        bool Sent(byte[] bytes) { lock (traces) return traces.Any(t => t.AsSpan().IndexOf(bytes) >= 0); }
        // The attribute as OTLP's protobuf writes it: key "netinfo.module", value the string "directory".
        byte[] moduleTag = [.. Encoding.UTF8.GetBytes("netinfo.module"), 0x12, 0x0B, 0x0A, 0x09, .. Encoding.UTF8.GetBytes("directory")];
        var requestPath = Encoding.UTF8.GetBytes("/api/directory/units");
        // Both: the MediatR span ends before the request's, so the exporter may send them in different batches.
        while (!(Sent(moduleTag) && Sent(requestPath)) && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(500);
        Assert.True(Sent(moduleTag), $"no MediatR span of the directory module reached the collector ({traces.Count} trace batches)");
        Assert.True(Sent(requestPath), $"the HTTP request's span did not reach the collector ({traces.Count} trace batches)");
        await host.StopAsync();
        collector.Stop();
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
