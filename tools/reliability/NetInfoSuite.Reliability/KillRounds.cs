using System.Diagnostics;
using NetInfoSuite.Testing;

/// <summary>What a state found after a kill is: the whole operation, none of it, or part of it (the failure sought).</summary>
internal enum Outcome { Complete, Absent, Half }

/// <summary>The tally of one operation's kills: how each round's operation was found after the restart, whether the client
/// had been told it succeeded before the kill (an acknowledged operation must be complete), duplicates and number gaps.</summary>
internal sealed class Tally(string operation)
{
    public string Operation { get; } = operation;
    public int Killed, Acknowledged, Complete, Absent, Half, LostAcknowledged, Duplicates, Gaps;
    public List<string> Findings { get; } = [];

    /// <summary>One operation judged after a kill (a kill may cut several operations: a burst, a chain).</summary>
    public void Add(Outcome outcome, bool acknowledged, string detail)
    {
        if (acknowledged) Acknowledged++;
        switch (outcome)
        {
            case Outcome.Complete: Complete++; break;
            case Outcome.Absent: Absent++; break;
            default: Half++; Findings.Add(detail); break;
        }
        if (acknowledged && outcome != Outcome.Complete) { LostAcknowledged++; Findings.Add("acknowledged, then not complete: " + detail); }
    }

    public void Finding(string what) => Findings.Add(what);

    public bool Met => Half == 0 && LostAcknowledged == 0 && Duplicates == 0 && Gaps == 0 && Findings.Count == 0;

    public static IReadOnlyList<string> Columns =>
        ["operation", "kills", "acknowledged before the kill", "complete", "absent", "half", "acknowledged but lost", "duplicates", "gaps", "met"];

    public Row Row() => new([Operation, $"{Killed}", $"{Acknowledged}", $"{Complete}", $"{Absent}", $"{Half}", $"{LostAcknowledged}",
        $"{Duplicates}", $"{Gaps}", Met ? "yes" : "**no**"], Met);
}

/// <summary>The loop every crash case shares: start an operation against the host, SIGKILL the host at a random moment
/// within the operation's measured duration (a little past it, so some kills land just after the commit), start the
/// host again on the same database and let the case judge what it finds.</summary>
internal sealed class KillLoop(Rig rig, Func<Task<HostProcess>> start) : IAsyncDisposable
{
    public HostProcess Host { get; private set; } = null!;

    public async Task StartAsync() => Host = await start();

    /// <summary>Runs <paramref name="operation"/> once to the end and returns how long it took.</summary>
    public static async Task<TimeSpan> TimeAsync(Func<Task> operation)
    {
        var started = Stopwatch.GetTimestamp();
        await operation();
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Starts <paramref name="operation"/>, kills the host at a random moment of <paramref name="span"/>, restarts
    /// it; whether the operation had answered with success before the kill.</summary>
    public Task<bool> KillDuringAsync(Func<Task> operation, TimeSpan span) => KillDuringAsync(_ => operation(), span);

    /// <summary>The same for an operation that also waits on the database (e.g. for delivery): it is cancelled at the kill.</summary>
    public async Task<bool> KillDuringAsync(Func<CancellationToken, Task> operation, TimeSpan span)
    {
        var moment = rig.Moment(span);
        using var killed = new CancellationTokenSource();
        var running = Task.Run(() => operation(killed.Token));
        await Task.WhenAny(running, Task.Delay(moment));
        // An operation that finished before the moment was acknowledged; the kill still lands (after its commit).
        await Host.KillAsync();
        killed.Cancel();
        var acknowledged = false;
        try { await running; acknowledged = true; } catch (Exception) { } // cut off by the kill: the client never heard
        await Host.DisposeAsync();
        Host = null!; // a restart that fails must not leave the disposed host to be disposed again (that error hid the failure)
        Host = await start();
        return acknowledged;
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
    }
}
