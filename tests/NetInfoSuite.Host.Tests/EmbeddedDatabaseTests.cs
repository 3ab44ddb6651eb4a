using System.Net;
using System.Net.Http.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>The host started as a process with no connection string: it runs its own PostgreSQL.</summary>
public sealed class EmbeddedDatabaseTests : IDisposable
{
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "netinfo-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private string DataDir => Path.Combine(_workDir, ".netinfo", "pg");
    private string PostmasterPid => Path.Combine(DataDir, "postmaster.pid");

    public EmbeddedDatabaseTests() => Directory.CreateDirectory(_workDir);

    private async Task<HostProcess> StartHost()
    {
        var host = await HostProcess.StartAsync(_workDir, $"--NetInfo:PluginsPath={RepoPaths.HostPlugins}",
            $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}");
        await host.Client.SignInAsync("admin", TestHost.AdminPassword);
        return host;
    }

    [Fact]
    public async Task It_starts_on_an_empty_folder_keeps_data_across_a_restart_and_stops_its_server_on_shutdown()
    {
        await using (var first = await StartHost())
        {
            Assert.True(File.Exists(Path.Combine(DataDir, "PG_VERSION")), "initdb ran in .netinfo/pg under the working directory");
            var created = await first.Client.PostAsJsonAsync("/api/directory/units", new { code = "231000", name = "牡丹江市", level = "City" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            await first.StopAsync();
        }
        Assert.False(File.Exists(PostmasterPid), "a clean shutdown stops PostgreSQL");

        await using var second = await StartHost();
        var unit = await second.Client.GetAsync("/api/directory/units/by-code/231000");
        Assert.Equal(HttpStatusCode.OK, unit.StatusCode);
        await second.StopAsync();
        Assert.False(File.Exists(PostmasterPid));
    }

    [Fact]
    public async Task A_host_killed_with_SIGKILL_leaves_nothing_that_blocks_the_next_start()
    {
        await using (var doomed = await StartHost())
        {
            await doomed.Client.PostAsJsonAsync("/api/directory/units", new { code = "231000", name = "牡丹江市", level = "City" });
            await doomed.KillAsync();
        }
        Assert.True(File.Exists(PostmasterPid), "the orphaned PostgreSQL is still there after SIGKILL");

        await using var next = await StartHost();
        Assert.Equal(HttpStatusCode.OK, (await next.Client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.Client.GetAsync("/api/directory/units/by-code/231000")).StatusCode);
        Assert.Contains("left running by a host that did not shut down", next.Output);
        await next.StopAsync();
        Assert.False(File.Exists(PostmasterPid));
    }

    public void Dispose()
    {
        try { Directory.Delete(_workDir, recursive: true); }
        catch (IOException) { /* a server that failed to stop keeps files open; the temp folder is cleaned later */ }
    }
}
