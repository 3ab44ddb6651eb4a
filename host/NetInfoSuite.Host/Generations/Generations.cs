using System.Diagnostics;

namespace NetInfoSuite.Host.Generations;

/// <summary>The generation serving requests now, and the swap to a new one when the plugins change: the new
/// generation is built and started beside the running one, requests move to it once it is ready, and the
/// old one is stopped after its in-flight requests finish. No request is refused during a swap.</summary>
public sealed class GenerationSwitch(Func<Task<Generation>> build, Serilog.ILogger log) : IHostedService
{
    private readonly SemaphoreSlim _swapping = new(1, 1);
    private readonly TaskCompletionSource<Generation> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Generation? _current;
    private string? _failedSignature;

    public Generation Current => _current ?? throw new InvalidOperationException("The host has not started yet.");

    public async Task StartAsync(CancellationToken ct)
    {
        _current = await build();
        _first.TrySetResult(_current);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_current is { } current) await current.DisposeAsync();
    }

    public async Task HandleAsync(HttpContext http)
    {
        var generation = _current ?? await _first.Task;
        while (!generation.TryEnter()) generation = Current; // replaced a moment ago: the new one takes it
        // A layer of its own over the outer request's features: what the generation sets stays with it, and the
        // outer host's per-connection context (IHostContextContainer) is never shared with the generation's.
        await generation.HandleAsync(new Microsoft.AspNetCore.Http.Features.FeatureCollection(http.Features));
    }

    /// <summary>Builds a new generation when the plugins on disk differ from the current one's.</summary>
    public async Task ReloadIfChangedAsync(string signature)
    {
        if (_current is null || signature == _current.PluginsSignature || signature == _failedSignature) return;
        await _swapping.WaitAsync();
        try
        {
            if (signature == _current.PluginsSignature) return;
            var started = Stopwatch.GetTimestamp();
            Generation next;
            try
            {
                next = await build();
            }
            catch (Exception ex)
            {
                _failedSignature = signature;
                log.Error(ex, "The plugins changed but the new composition failed; the running one keeps serving");
                return;
            }
            var old = _current;
            _current = next;
            log.Information("Plugins changed: now serving {Modules} (swapped in {Seconds:0.00} s, no restart)",
                string.Join(", ", next.Catalog.Loaded.Select(m => m.Tenant is null ? m.Id : $"{m.Id}@{m.Tenant}")),
                Stopwatch.GetElapsedTime(started).TotalSeconds);
            await old.DisposeAsync();
        }
        finally
        {
            _swapping.Release();
        }
    }
}

/// <summary>Looks at the plugins folder every few seconds (NetInfo:PluginsPollSeconds) and asks for a new
/// generation when a plugin folder appeared, disappeared or was rebuilt.</summary>
internal sealed class PluginWatcher(GenerationSwitch generations, IConfiguration config, string pluginsPath) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(config.GetValue("NetInfo:PluginsPollSeconds", 5.0)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await generations.ReloadIfChangedAsync(Plugins.ModuleCatalog.Signature(pluginsPath));
    }
}
