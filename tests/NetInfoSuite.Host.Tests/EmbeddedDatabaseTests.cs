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

    [Fact]
    public async Task A_host_that_fails_to_start_stops_the_database_server_it_started()
    {
        using var busy = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var (exitCode, output) = await HostProcess.RunToExitAsync(_workDir, $"--NetInfo:PluginsPath={RepoPaths.HostPlugins}",
            $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}", $"--Urls=http://127.0.0.1:{port}");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Embedded PostgreSQL ready", output); // it did start the server ...
        Assert.False(File.Exists(PostmasterPid), "... and stopped it on the way out:\n" + output);
    }

    [Fact]
    public async Task A_cluster_is_started_only_with_the_binaries_of_its_own_major_version()
    {
        Directory.CreateDirectory(DataDir);
        File.WriteAllText(Path.Combine(DataDir, "PG_VERSION"), "9\n"); // a cluster made by a server not installed here

        var (exitCode, output) = await HostProcess.RunToExitAsync(_workDir, $"--NetInfo:PluginsPath={RepoPaths.HostPlugins}", "--Urls=http://127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("made by PostgreSQL 9, whose server binaries are not installed", output);
        Assert.False(File.Exists(PostmasterPid));
    }

    public void Dispose()
    {
        try { Directory.Delete(_workDir, recursive: true); }
        catch (IOException) { /* a server that failed to stop keeps files open; the temp folder is cleaned later */ }
    }
}

/// <summary>No default password: a fresh install prints a one-time one that must be replaced first.</summary>
public sealed class FirstRunAdministratorTests : IDisposable
{
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "netinfo-otp-" + Guid.NewGuid().ToString("N")[..8]);

    public FirstRunAdministratorTests() => Directory.CreateDirectory(_workDir);

    [Fact]
    public async Task The_first_run_prints_a_one_time_password_that_must_be_changed_before_anything_else()
    {
        await using var host = await HostProcess.StartAsync(_workDir, $"--NetInfo:PluginsPath={RepoPaths.HostPlugins}");
        var password = await WaitForOneTimePassword(host);

        var token = await host.Client.SignInAsync("admin", password);
        var blocked = await host.Client.GetAsync("/api/directory/units");
        var changed = await host.Client.PostAsJsonAsync("/api/auth/password",
            new { currentPassword = password, newPassword = "Chosen#Pass-2026" });
        var stale = await host.Client.GetAsync("/api/directory/units"); // the old token ended with the change
        await host.Client.SignInAsync("admin", "Chosen#Pass-2026");
        var allowed = await host.Client.GetAsync("/api/directory/units");

        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Contains("password-change-required", await blocked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.NotEmpty(token);
    }

    private static async Task<string> WaitForOneTimePassword(HostProcess host)
    {
        for (var i = 0; i < 100; i++)
        {
            var match = System.Text.RegularExpressions.Regex.Match(host.Output, @"One-time password: (\S+)");
            if (match.Success) return match.Groups[1].Value;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("No one-time password printed:\n" + host.Output);
    }

    public void Dispose()
    {
        try { Directory.Delete(_workDir, recursive: true); }
        catch (IOException) { }
    }
}
