using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using NetInfoSuite.Host.Plugins;

namespace NetInfoSuite.Host.Generations;

/// <summary>One complete composition of the host: the plugins found at one moment, with their container,
/// document store, routes and background services. It has no server of its own: the outer host hands it
/// each request's features, the way Kestrel or the test server drive an application.</summary>
public sealed class Generation : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FeatureServer _server;
    private int _inFlight;
    private int _retired;

    private Generation(WebApplication app, FeatureServer server, ModuleCatalog catalog)
    {
        _app = app;
        _server = server;
        Catalog = catalog;
    }

    public IServiceProvider Services => _app.Services;
    public ModuleCatalog Catalog { get; }

    public static async Task<Generation> StartAsync(WebApplication app, FeatureServer server, ModuleCatalog catalog)
    {
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync(); // a composition that did not start leaves nothing running behind
            throw;
        }
        return new Generation(app, server, catalog);
    }

    /// <summary>False when this generation was replaced (or is stopping) before the request got in. Both sides use
    /// full fences, so either the request is counted before the stop looks, or it sees the stop and stays out.</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _inFlight);
        if (!Retired) return true;
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public async Task HandleAsync(IFeatureCollection features)
    {
        try { await _server.HandleAsync(features); }
        finally { Interlocked.Decrement(ref _inFlight); }
    }

    public bool Retired => Volatile.Read(ref _retired) == 1;

    /// <summary>Lets in-flight requests finish (up to 30 s), then stops the generation's services.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 1) return;
        for (var waited = 0; Volatile.Read(ref _inFlight) > 0 && waited < 3000; waited++) await Task.Delay(10);
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The generation's "server": it never listens; it only passes the outer host's requests in.</summary>
public sealed class FeatureServer : IServer
{
    private Func<IFeatureCollection, Task>? _handle;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task HandleAsync(IFeatureCollection features) =>
        (_handle ?? throw new InvalidOperationException("The generation has not started.")).Invoke(features);

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull
    {
        _handle = async features =>
        {
            var context = application.CreateContext(features);
            try
            {
                await application.ProcessRequestAsync(context);
                // Start and finish the response while the generation's HttpContext is still alive: its
                // OnStarting callbacks (cookies, antiforgery, correlation id) must not run after it is disposed.
                var body = features.Get<IHttpResponseBodyFeature>()!;
                await body.StartAsync();
                await body.CompleteAsync();
                application.DisposeContext(context, null);
            }
            catch (Exception ex)
            {
                application.DisposeContext(context, ex);
                throw;
            }
        };
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() { }
}

/// <summary>A generation must not react to Ctrl+C or SIGTERM itself: the outer host stops it, in order.</summary>
internal sealed class OuterControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
