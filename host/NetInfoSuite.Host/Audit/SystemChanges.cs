using System.Runtime.CompilerServices;
using Marten;
using Marten.Services;

namespace NetInfoSuite.Host.Audit;

/// <summary>Whether the system work running in this async flow has committed a change. Scheduled work runs every
/// minute on every instance and mostly finds nothing to do: it is audited only when it changed something (a commit
/// of any session, injected or opened from the store), not 2,900 times a day per instance.</summary>
internal sealed class SystemChanges
{
    private static readonly AsyncLocal<SystemChanges?> Ambient = new();
    private readonly SystemChanges? _outer;

    private SystemChanges(SystemChanges? outer) => _outer = outer;

    public bool Changed { get; private set; }

    public static bool Watching => Ambient.Value is not null;

    /// <summary>Watches the rest of the calling async method (and what it awaits).</summary>
    public static SystemChanges Watch() => Ambient.Value = new SystemChanges(Ambient.Value);

    /// <summary>A commit counts for the work in flight and for any work that sent it.</summary>
    public static void Committed()
    {
        for (var watch = Ambient.Value; watch is not null; watch = watch._outer) watch.Changed = true;
    }
}

/// <summary>On every session of the store: tells <see cref="SystemChanges"/> when a commit stored something.</summary>
internal sealed class SystemChangesListener : DocumentSessionListenerBase
{
    private readonly ConditionalWeakTable<IDocumentSession, object> _changing = new();

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (SystemChanges.Watching && session.PendingChanges.Operations().Any()) _changing.AddOrUpdate(session, this);
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (_changing.Remove(session)) SystemChanges.Committed();
        return Task.CompletedTask;
    }
}
