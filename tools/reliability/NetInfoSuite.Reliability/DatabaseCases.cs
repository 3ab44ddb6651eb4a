using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using NetInfoSuite.Testing;

/// <summary>Issue 20, item 2: PostgreSQL stopped by its process id and started again while grid operators post feedback
/// under load. The host must come back by itself, say it is not ready meanwhile, and lose no acknowledged report.</summary>
internal static class DatabaseCases
{
    public static async Task<Section> RunAsync(Rig rig)
    {
        var restarts = Math.Max(1, rig.Kills / 4);
        // Enough reports that the paced load outlasts every restart (about 100 a second, some 17 s per restart).
        var (groups, down, writers) = rig.Quick ? (3_000 * restarts, TimeSpan.FromSeconds(3), 8) : (6_000 * restarts, TimeSpan.FromSeconds(5), 16);
        var db = await rig.NewDatabaseAsync();
        var plugins = rig.Plugins("directory", "grid-dispatch");
        await using var host = await rig.StartHostAsync("database", db, plugins);
        var (_, _, directive, tasks, clients) = await World.IssuedAsync(host, db, groups, "反馈", TimeSpan.FromSeconds(10));

        // The load: each task reported once with its own client key; 2xx and errors noted with when they came.
        var acknowledged = new ConcurrentDictionary<Guid, DateTime>();
        var failed = new ConcurrentDictionary<Guid, string>();
        var queue = new ConcurrentQueue<(Guid Id, string Login)>(tasks);
        using var stop = new CancellationTokenSource();
        Task Post(Guid id, string login) => Rig.Json(clients[login].PostAsJsonAsync($"/api/grid-dispatch/tasks/{id}/feedback",
            new { clientKey = $"rel-{id:N}", unable = false, reached = 120, note = "已转发" }));
        var load = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && queue.TryDequeue(out var t))
            {
                try { await Post(t.Id, t.Login); acknowledged[t.Id] = DateTime.UtcNow; }
                catch (Exception ex) { failed[t.Id] = ex.Message; }
                await Task.Delay(80); // paced (about 100 reports a second in all) so that the load outlasts every restart
            }
        })).ToList();

        // Readiness, polled throughout.
        var readiness = new ConcurrentQueue<(DateTime At, bool Ready)>();
        var probe = Task.Run(async () =>
        {
            using var c = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            while (!stop.IsCancellationRequested)
            {
                bool ready;
                try { ready = (await c.GetAsync("/health/ready")).IsSuccessStatusCode; } catch (Exception) { ready = false; }
                readiness.Enqueue((DateTime.UtcNow, ready));
                await Task.Delay(100);
            }
        });

        var outages = new List<(DateTime Stopped, DateTime Starting, DateTime Started)>();
        for (var i = 0; i < restarts && !queue.IsEmpty; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(rig.Quick ? 2 : 4));
            var stopped = DateTime.UtcNow;
            await rig.StopPostgresAsync();
            await Task.Delay(down);
            var starting = DateTime.UtcNow;
            await rig.StartPostgresAsync();
            outages.Add((stopped, starting, DateTime.UtcNow));
            await Task.Delay(TimeSpan.FromSeconds(10)); // the recovery window and some load after it
        }
        // Let the load drain (a host that does not recover fails here: everything after is an error).
        var drain = Stopwatch.StartNew();
        while (!queue.IsEmpty && drain.Elapsed < TimeSpan.FromMinutes(5)) await Task.Delay(200);
        stop.Cancel();
        await Task.WhenAll(load);
        await probe;

        // Every acknowledged report is stored with its key; every failed one goes again with its key, once.
        var stored = (await Rig.RowsAsync(db, "select id, client_key from grid_dispatch.tasks where directive_id = $1 and status <> 0", directive))
            .ToDictionary(r => (Guid)r[0], r => (string)r[1]);
        var lost = acknowledged.Keys.Count(id => stored.GetValueOrDefault(id) != $"rel-{id:N}");
        var resentFailed = 0;
        foreach (var id in failed.Keys.Where(id => !acknowledged.ContainsKey(id)))
        {
            try { await Post(id, tasks.First(t => t.Id == id).Login); } catch (Exception) { resentFailed++; }
        }
        var reported = await Rig.ScalarAsync<long>(db, "select count(*) from grid_dispatch.tasks where directive_id = $1 and status <> 0", directive);
        var wrongKey = await Rig.ScalarAsync<long>(db, "select count(*) from grid_dispatch.tasks where directive_id = $1 and status <> 0 and client_key <> 'rel-' || replace(id::text, '-', '')", directive);
        var sent = acknowledged.Keys.Union(failed.Keys).Count();

        // Recovery: from the server's start to the first ready answer and the first acknowledged report after it.
        var points = readiness.ToList();
        var recoveries = outages.Select(o =>
        {
            var ready = points.FirstOrDefault(p => p.At > o.Started && p.Ready).At;
            var write = acknowledged.Values.Where(t => t > o.Started).DefaultIfEmpty(DateTime.MaxValue).Min();
            // While down: from a second after the stop (answers already on their way) to the start command.
            var notReadyWhileDown = points.Where(p => p.At > o.Stopped.AddSeconds(1) && p.At < o.Starting).ToList();
            return (Seconds: (new[] { ready == default ? DateTime.MaxValue : ready, write }.Max() - o.Started).TotalSeconds,
                SaidNotReady: notReadyWhileDown.Count > 0 && notReadyWhileDown.All(p => !p.Ready),
                Polls: $"{notReadyWhileDown.Count(p => !p.Ready)} of {notReadyWhileDown.Count} polls not ready while down");
        }).ToList();
        var worst = recoveries.Count == 0 ? double.NaN : recoveries.Max(r => r.Seconds);
        var saidNotReady = recoveries.All(r => r.SaidNotReady);
        foreach (var r in recoveries) Console.Error.WriteLine($"reliability: database: recovered in {r.Seconds:0.0} s, {r.Polls}");

        var met = lost == 0 && resentFailed == 0 && reported == tasks.Count && wrongKey == 0 && worst < 10 && saidNotReady && outages.Count == restarts;
        return new Section("Database restarts under operators' feedback", $"""
            The host as its own process with the directory and grid-dispatch plugins; a directive issued to {groups:N0} groups; {writers}
            concurrent operators' connections post one report per task (paced, about 100 a second), each with its own client key. Meanwhile PostgreSQL is stopped by
            its process id (SIGINT to the postmaster: fast shutdown, every connection cut) {restarts} time(s), left down {down.TotalSeconds:0} s
            and started again on the same folder; `/health/ready` is polled every 100 ms. Recovery: from the server's start to the later of
            the first ready answer and the first acknowledged report. Afterwards every acknowledged report must be stored with its key,
            and every failed one is sent again with its key and must be accepted once.
            """,
            ["restarts", "reports sent", "acknowledged (2xx)", "failed, sent again", "acknowledged but lost", "resend refused",
             "tasks reported at the end", "worst recovery", "not ready while down", "met"],
            [new([$"{outages.Count}", $"{sent:N0}", $"{acknowledged.Count:N0}", $"{failed.Keys.Count(id => !acknowledged.ContainsKey(id)):N0}",
                $"{lost}", $"{resentFailed}", $"{reported:N0} of {tasks.Count:N0}{(wrongKey > 0 ? $" ({wrongKey} with another key)" : "")}",
                $"{worst:0.0} s (goal < 10 s)", saidNotReady ? "yes" : "**no**", met ? "yes" : "**no**"], met)]);
    }
}
