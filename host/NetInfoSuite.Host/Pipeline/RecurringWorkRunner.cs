using Autofac;
using MediatR;
using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.Host.Pipeline;

/// <summary>Runs every module's <see cref="RecurringWork"/> on its schedule, each in a scope of its own with no
/// request (so the caller is the system).</summary>
internal sealed class RecurringWorkRunner(ILifetimeScope root, TimeProvider clock, ILogger<RecurringWorkRunner> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(root.Resolve<IEnumerable<RecurringWork>>().Select(work => RunAsync(work, stoppingToken)));

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
