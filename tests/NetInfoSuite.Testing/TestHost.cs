using System.Net.Http.Json;
using Autofac;
using MediatR;
using Marten;
using Microsoft.Extensions.Configuration;
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

    public const string AdminPassword = "Admin#Pass-2026";

    private TestHost(WebApplication app, PluginFolder plugins)
    {
        _app = app;
        _plugins = plugins;
        Client = app.GetTestClient();
        AnonymousClient = app.GetTestClient();
    }

    /// <summary>Signed in as the first administrator (SystemAdmin, city-wide).</summary>
    public HttpClient Client { get; }
    public string ConnectionString => Services.GetRequiredService<IConfiguration>().GetConnectionString("Marten")!;
    public HttpClient AnonymousClient { get; }

    /// <summary>A new client with no credentials.</summary>
    public HttpClient NewClient() => _app.GetTestClient();
    /// <summary>The outer host's services (the listening server, the generation switch, the plugin status).</summary>
    public IServiceProvider HostServices => _app.Services;
    /// <summary>The services of the generation serving requests now (it changes when the plugins do).</summary>
    public IServiceProvider Services => _app.Services.GetRequiredService<NetInfoSuite.Host.Generations.GenerationSwitch>().Current.Services;

    /// <param name="plugins">plugin ids to put in the plugins folder</param>
    /// <param name="settings">extra configuration, e.g. ("NetInfo:Modules", "probe")</param>
    public static async Task<TestHost> StartAsync(PostgresServer postgres, string[] plugins,
        params (string Key, string Value)[] settings) =>
        await StartOnAsync(await postgres.CreateDatabaseAsync(), plugins, settings);

    /// <summary>A host whose clock (platform and plugins alike) is <paramref name="clock"/>, e.g. a FakeTimeProvider.</summary>
    public static async Task<TestHost> StartAsync(PostgresServer postgres, string[] plugins, TimeProvider clock,
        params (string Key, string Value)[] settings) =>
        await StartOnAsync(await postgres.CreateDatabaseAsync(), PluginFolder.With(plugins), clock, settings);

    /// <summary>A host on an existing database: a second instance of the same deployment.</summary>
    public static async Task<TestHost> StartOnAsync(string connectionString, string[] plugins,
        params (string Key, string Value)[] settings) =>
        await StartOnAsync(connectionString, PluginFolder.With(plugins), settings);

    /// <summary>A host loading exactly the plugins in <paramref name="folder"/> (disposed with the host).</summary>
    public static Task<TestHost> StartOnAsync(string connectionString, PluginFolder folder,
        params (string Key, string Value)[] settings) => StartOnAsync(connectionString, folder, null, settings);

    /// <summary>A host on an existing database with its own clock (null: the system's).</summary>
    public static async Task<TestHost> StartOnAsync(string connectionString, PluginFolder folder, TimeProvider? clock,
        params (string Key, string Value)[] settings)
    {
        var args = new Dictionary<string, string>
        {
            ["ConnectionStrings:Marten"] = connectionString,
            ["NetInfo:PluginsPath"] = folder.Path,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["NetInfo:Admin:InitialPassword"] = AdminPassword,
        };
        foreach (var (key, value) in settings) args[key] = value;
        var app = await NetInfoApp.BuildAsync(args.Select(a => $"--{a.Key}={a.Value}").ToArray(),
            b =>
            {
                b.WebHost.UseTestServer();
                if (clock is not null) b.Services.AddSingleton(clock);
            });
        await app.StartAsync();
        var host = new TestHost(app, folder);
        await host.Client.SignInAsync("admin", AdminPassword);
        return host;
    }

    /// <summary>A client signed in as a new user with these roles, bound to this unit.</summary>
    public async Task<HttpClient> ClientForAsync(Guid orgUnitId, params string[] roles)
    {
        var login = "u" + Guid.NewGuid().ToString("N")[..10];
        const string password = "User#Pass-2026";
        var user = new { login, name = "测试用户", orgUnitId, roles, password, temporary = false };
        var created = await Client.PostAsJsonAsync("/api/users", user);
        if (created.StatusCode == System.Net.HttpStatusCode.Unauthorized) // the admin's 30-minute token ran out in a long class
        {
            await Client.SignInAsync("admin", AdminPassword);
            created = await Client.PostAsJsonAsync("/api/users", user);
        }
        if (!created.IsSuccessStatusCode)
            throw new InvalidOperationException($"Could not create a test user: {await created.Content.ReadAsStringAsync()}");
        var client = _app.GetTestClient();
        await client.SignInAsync(login, password);
        return client;
    }

    /// <summary>Sends a request through the mediator as the system caller (as recurring work does): how a test
    /// reaches a contract no endpoint exposes.</summary>
    public async Task<T> SendAsSystemAsync<T>(IRequest<T> request)
    {
        await using var scope = Services.GetRequiredService<ILifetimeScope>().BeginLifetimeScope();
        return await scope.Resolve<IMediator>().Send(request);
    }

    /// <summary>Waits until the outbox has delivered every message stored so far (handlers of notifications between
    /// modules run after the commit that raised them).</summary>
    public async Task OutboxDeliveredAsync(TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        while (true)
        {
            await using var cmd = new Npgsql.NpgsqlCommand("select count(*) from platform.outbox where delivered_at is null and dead_at is null", connection);
            var pending = (long)(await cmd.ExecuteScalarAsync())!;
            if (pending == 0) return;
            if (DateTime.UtcNow > until) throw new TimeoutException($"{pending} outbox message(s) still undelivered");
            await Task.Delay(50);
        }
    }

    /// <summary>Deletes every module document, so each test starts from an empty store. The platform's
    /// users and audit records stay (the administrator must survive; audit is append-only).</summary>
    public async Task ResetDataAsync()
    {
        var store = Services.GetRequiredService<IDocumentStore>();
        foreach (var type in store.Options.AllKnownDocumentTypes().Select(m => m.DocumentType)
                     .Where(t => t.Namespace?.StartsWith("NetInfoSuite.Host", StringComparison.Ordinal) != true))
            await store.Advanced.Clean.DeleteDocumentsByTypeAsync(type);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _plugins.Dispose();
    }
}
