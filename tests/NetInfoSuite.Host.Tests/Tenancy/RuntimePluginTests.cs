using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Tenancy;

/// <summary>A plugin folder copied in while the host runs starts serving without a restart, and the
/// requests in between keep being answered.</summary>
public sealed class RuntimePluginTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_plugin_folder_added_at_run_time_is_loaded_without_restart_and_removing_it_unloads_the_module()
    {
        var folder = PluginFolder.With("directory");
        await using var host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(), folder,
            ("NetInfo:PluginsPollSeconds", "0.5"));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/api/probe/changes")).StatusCode);

        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "probe"), Path.Combine(RepoPaths.TestPlugins, "probe"));

        var started = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            // The old composition keeps answering while the new one starts.
            status = (await host.Client.GetAsync("/api/probe/changes")).StatusCode;
            Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.OK, $"answered {(int)status} during the swap");
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/directory/units")).StatusCode);
            if (status != HttpStatusCode.OK) await Task.Delay(100);
        } while (status != HttpStatusCode.OK && started.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, status);
        var modules = await host.Client.GetFromJsonAsync<JsonElement[]>("/api/modules");
        Assert.Contains(modules!, m => m.GetProperty("id").GetString() == "probe" && m.GetProperty("status").GetString() == "loaded");

        // Removing the folder takes the module away the same way.
        Directory.Delete(Path.Combine(folder.Path, "probe"));
        started.Restart();
        while ((await host.Client.GetAsync("/api/probe/changes")).StatusCode != HttpStatusCode.NotFound && started.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(100);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/api/probe/changes")).StatusCode);
    }
}
