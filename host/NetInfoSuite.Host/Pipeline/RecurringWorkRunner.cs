using Autofac;
using MediatR;
using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.Host.Pipeline;

/// <summary>Runs every module's <see cref="RecurringWork"/> on its schedule, each in a scope of its own with no
/// request (so the caller is the system). <c>NetInfo:RecurringWork:Off</c> names work this instance leaves to the others
/// (comma-separated names, e.g. "account-matrix publishing"); the work is safe to run on every instance either way.</summary>
internal sealed class RecurringWorkRunner(ILifetimeScope root, TimeProvider clock, IConfiguration config, ILogger<RecurringWorkRunner> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var off = (config["NetInfo:RecurringWork:Off"] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        return Task.WhenAll(root.Resolve<IEnumerable<RecurringWork>>().Where(work => !off.Contains(work.Name)).Select(work => RunAsync(work, stoppingToken)));
    }

    private async Task RunAsync(RecurringWork work, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(work.Every, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = root.BeginLifetimeScope();
                    await work.Run(scope.Resolve<IMediator>(), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "{Work} failed; it runs again in {Every}", work.Name, work.Every);
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
