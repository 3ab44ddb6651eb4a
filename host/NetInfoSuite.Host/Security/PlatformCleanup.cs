using Marten;
using NetInfoSuite.Host.Storage;

namespace NetInfoSuite.Host.Security;

/// <summary>Removes tokens that expired more than a day ago, sign-in failure counters whose window and lock
/// are long over, and uploads never confirmed, every hour, on one instance at a time.</summary>
public sealed class PlatformCleanup(IDocumentStore store, SignInAttempts attempts, ExclusiveWork exclusive, TimeProvider clock, ILogger<PlatformCleanup> log)
    : BackgroundService
{
    public const string WorkName = "platform-cleanup";
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    public Task<bool> RunOnceAsync(CancellationToken ct) => exclusive.TryRunAsync(WorkName, async token =>
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(1);
        await using var session = store.LightweightSession();
        session.DeleteWhere<IssuedToken>(t => t.ExpiresAt < cutoff);
        var now = clock.GetUtcNow();
        session.DeleteWhere<Shell.PendingUpload>(u => u.ExpiresAt < now);
        await session.SaveChangesAsync(token);
        await attempts.CleanAsync(cutoff, token);
    }, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await RunOnceAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Platform clean-up failed; it runs again in an hour");
            }
        }
    }
}
