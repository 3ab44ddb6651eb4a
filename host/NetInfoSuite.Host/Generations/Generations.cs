using System.Diagnostics;
using NetInfoSuite.Host.Plugins;

namespace NetInfoSuite.Host.Generations;

/// <summary>The generation serving requests now, and the swap to a new one when the plugins change: the new
/// generation is built and started beside the running one, requests move to it once it is ready, and the
/// old one is stopped after its in-flight requests finish. No request is refused during a swap. Swaps and
/// shutdown take turns: a swap under way finishes (or fails) before shutdown stops what serves.</summary>
public sealed class GenerationSwitch(Func<ModuleCatalog?, ModuleCatalog> readCatalog, Func<ModuleCatalog, Task<Generation>> build,
    PluginStatus status, Serilog.ILogger log) : IHostedService
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly TaskCompletionSource<Generation> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Generation? _current;
    private string? _failedComposition;
    private volatile bool _stopping;
    private int _running;

    public Generation Current => _current ?? throw new InvalidOperationException("The host has not started yet.");

    /// <summary>Generations started and not yet stopped: 1 while serving, 2 for a moment during a swap, 0 after shutdown.</summary>
    public int Running => Volatile.Read(ref _running);

    public async Task StartAsync(CancellationToken ct)
    {
        var catalog = readCatalog(null);
        catalog.Log(log);
        status.Catalog = catalog;
        _current = await StartGenerationAsync(catalog);
        _first.TrySetResult(_current);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        _stopping = true;
        await _turn.WaitAsync(CancellationToken.None);
        try
        {
            if (_current is { } current) await StopGenerationAsync(current);
        }
        finally
        {
            _turn.Release();
        }
    }

    public async Task HandleAsync(HttpContext http)
    {
        var generation = _current ?? await _first.Task;
        while (!generation.TryEnter())
        {
            var next = Current;
            if (ReferenceEquals(next, generation))
            {
                // Stopped with nothing after it: the host is shutting down.
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.Headers.RetryAfter = "5";
                return;
            }
            generation = next; // replaced a moment ago: the new one takes it
        }
        // A layer of its own over the outer request's features: what the generation sets stays with it, and the
        // outer host's per-connection context (IHostContextContainer) is never shared with the generation's.
        await generation.HandleAsync(new Microsoft.AspNetCore.Http.Features.FeatureCollection(http.Features));
    }

    /// <summary>Reads the plugins folder again; builds a new generation only when a different build (or set of
    /// plugins) would serve. A refused upgrade keeps the serving build and is only reported.</summary>
    public async Task ReloadAsync()
    {
        if (_current is null || _stopping) return;
        await _turn.WaitAsync();
        try
        {
            if (_stopping) return;
            var current = Current;
            var catalog = readCatalog(current.Catalog);
            if (catalog.Composition == current.Catalog.Composition || catalog.Composition == _failedComposition)
            {
                if (catalog.Problems != status.Catalog.Problems) catalog.Log(log, loaded: false);
                status.Catalog = catalog.Composition == current.Catalog.Composition ? catalog : status.Catalog;
                return;
            }
            var started = Stopwatch.GetTimestamp();
            Generation next;
            try
            {
                next = await StartGenerationAsync(catalog);
            }
            catch (Exception ex)
            {
                _failedComposition = catalog.Composition;
                log.Error(ex, "The plugins changed but the new composition failed; the running one keeps serving");
                return;
            }
            catalog.Log(log);
            status.Catalog = catalog;
            _current = next;
            log.Information("Plugins changed: now serving {Modules} (swapped in {Seconds:0.00} s, no restart)",
                string.Join(", ", next.Catalog.Loaded.Select(m => $"{m.Id} {m.Manifest!.Version}{(m.Tenant is null ? "" : "@" + m.Tenant)}")),
                Stopwatch.GetElapsedTime(started).TotalSeconds);
            await StopGenerationAsync(current);
            status.AdviseRestartIfDue(log);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<Generation> StartGenerationAsync(ModuleCatalog catalog)
    {
        var generation = await build(catalog);
        Interlocked.Increment(ref _running);
        return generation;
    }

    private async Task StopGenerationAsync(Generation generation)
    {
        await generation.DisposeAsync();
        Interlocked.Decrement(ref _running);
    }
}

/// <summary>What /api/modules and readiness report: the latest reading of the plugins folder (the serving
/// composition, and what was refused since), and the builds this process holds in memory.</summary>
public sealed class PluginStatus(PluginCache cache, int restartAdviceAfter)
{
    private int _advisedAt;

    public PluginCache Cache => cache;
    public ModuleCatalog Catalog { get; internal set; } = null!;

    /// <summary>Loaded builds that no longer serve: their assemblies stay until the process restarts.</summary>
    public int IdleBuilds => cache.Loaded.Select(b => b.Hash).Except(Catalog.Modules.Select(m => m.Build?.Hash).OfType<string>()).Count();

    public bool RestartAdvised => IdleBuilds >= restartAdviceAfter;

    internal void AdviseRestartIfDue(Serilog.ILogger log)
    {
        var idle = IdleBuilds;
        if (idle < restartAdviceAfter || idle < _advisedAt + restartAdviceAfter) return;
        _advisedAt = idle;
        log.Warning("{Idle} plugin builds that no longer serve are held in memory (types shared with the host cannot be " +
                    "unloaded; resident memory {Megabytes} MB): restart the instances one by one to return it",
            idle, Environment.WorkingSet / (1024 * 1024));
    }
}

/// <summary>Looks at the plugins folder every few seconds (NetInfo:PluginsPollSeconds) and, once a change has
/// been still for NetInfo:PluginsSettleSeconds (a folder being copied is waited for), asks for a reload.</summary>
internal sealed class PluginWatcher(GenerationSwitch generations, PluginStatus status, IConfiguration config, string pluginsPath,
    Serilog.ILogger log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(config.GetValue("NetInfo:PluginsPollSeconds", 2.0));
        var settle = TimeSpan.FromSeconds(config.GetValue("NetInfo:PluginsSettleSeconds", 2.0));
        var handled = status.Catalog.Stamp;
        string? seen = handled;
        var since = Stopwatch.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            // While a change settles, look more often than the poll so it is taken soon after it stops.
            await Task.Delay(seen != handled ? TimeSpan.FromMilliseconds(Math.Min(poll.TotalMilliseconds, 250)) : poll, stoppingToken);
            try
            {
                var stamp = ModuleCatalog.ReadStamp(pluginsPath);
                if (stamp != seen)
                {
                    seen = stamp;
                    since = Stopwatch.GetTimestamp();
                    continue;
                }
                if (stamp == handled || Stopwatch.GetElapsedTime(since) < settle) continue;
                handled = stamp;
                await generations.ReloadAsync();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A folder deleted or replaced while being read: look again at the next tick, never stop the host.
                seen = null;
                log.Debug("Plugins folder changed while being read ({Reason}); looking again", ex.Message);
            }
        }
    }
}
