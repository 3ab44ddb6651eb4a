using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Host;

namespace NetInfoSuite.Testing;

/// <summary>The real host, built exactly as Program builds it, on an in-memory test server,
/// with plugins loaded from a folder on disk and a fresh database.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PluginFolder _plugins;

    private TestHost(WebApplication app, PluginFolder plugins)
    {
        _app = app;
        _plugins = plugins;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    /// <param name="plugins">plugin ids to put in the plugins folder</param>
    /// <param name="settings">extra configuration, e.g. ("NetInfo:Modules", "probe")</param>
    public static async Task<TestHost> StartAsync(PostgresServer postgres, string[] plugins,
        params (string Key, string Value)[] settings)
    {
        var folder = PluginFolder.With(plugins);
        var args = new Dictionary<string, string>
        {
            ["ConnectionStrings:Marten"] = await postgres.CreateDatabaseAsync(),
            ["NetInfo:PluginsPath"] = folder.Path,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings) args[key] = value;
        var app = await NetInfoApp.BuildAsync(args.Select(a => $"--{a.Key}={a.Value}").ToArray(),
            b => b.WebHost.UseTestServer());
        await app.StartAsync();
        return new TestHost(app, folder);
    }

    /// <summary>Deletes every document, so each test starts from an empty store.</summary>
    public Task ResetDataAsync() => Services.GetRequiredService<IDocumentStore>().Advanced.ResetAllData();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _plugins.Dispose();
    }
}
