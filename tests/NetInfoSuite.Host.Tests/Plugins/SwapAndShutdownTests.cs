using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Host.Generations;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Plugins;

/// <summary>A swap and a shutdown take turns, and nothing enters a generation that is stopping.</summary>
public sealed class SwapAndShutdownTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_shutdown_during_a_swap_stops_every_generation_and_later_requests_are_refused_not_stuck()
    {
        var folder = PluginFolder.With("directory");
        var host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(), folder, ("NetInfo:PluginsPollSeconds", "3600"));
        var generations = host.HostServices.GetRequiredService<GenerationSwitch>();
        Assert.Equal(1, generations.Running);

        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "probe"), Path.Combine(RepoPaths.TestPlugins, "probe"));
        var swap = generations.ReloadAsync(); // holds the turn while the new generation starts
        await host.DisposeAsync();            // shutdown waits for the swap, then stops what serves
        await swap;

        Assert.Equal(0, generations.Running);
        var late = new DefaultHttpContext();
        var handled = generations.HandleAsync(late);
        Assert.Same(handled, await Task.WhenAny(handled, Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, late.Response.StatusCode);
    }
}
