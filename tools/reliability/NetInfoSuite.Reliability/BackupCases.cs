using System.Diagnostics;
using System.Net.Http.Json;
using NetInfoSuite.Testing;

/// <summary>Issue 20, item 5: a backup taken with the operator's command line while operators report and the city issues
/// notices, restored into an empty database: every table's rows and checksum as at the backup, and a host serves it.</summary>
internal static class BackupCases
{
    public static async Task<Section> RunAsync(Rig rig)
    {
        var groups = rig.Quick ? 2_000 : 20_000;
        var db = await rig.NewDatabaseAsync();
        var plugins = rig.Plugins("directory", "grid-dispatch", "compliance");
        await using var host = await rig.StartHostAsync("backup", db, plugins);
        var (world, office, _, issued, operators) = await World.IssuedAsync(host, db, groups, "备份", TimeSpan.FromSeconds(120));
        var tasks = new Queue<(Guid Id, string Login)>(issued);

        // The load: operators' reports and the city's notices, written until the backup is done.
        using var stop = new CancellationTokenSource();
        var writes = new List<DateTime>();
        var load = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(10);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                (Guid Id, string Login) task;
                bool reporting;
                lock (tasks) reporting = tasks.TryDequeue(out task);
                // Out of tasks (a quiet machine reports them all in seconds), the city's notices go on until the backup is
                // done, so writes always overlap it.
                if (!reporting && w != 0) break;
                if (reporting)
                    await Rig.Json(operators[task.Login].PostAsJsonAsync($"/api/grid-dispatch/tasks/{task.Id}/feedback",
                        new { clientKey = $"bk-{task.Id:N}", unable = false, reached = 80 }));
                if (w == 0 && (i % 5 == 0 || !reporting))
                    await Rig.Json(office.PostAsJsonAsync("/api/compliance/notices", new
                    {
                        recipient = world.Counties[0], subject = $"备份期间 {i}", problems = "问题", requirements = "要求", deadline, cases = Array.Empty<Guid>(),
                    }));
                lock (writes) writes.Add(DateTime.UtcNow);
            }
        })).ToList();

        // The backup starts once the load runs (a fixed wait let a quiet machine finish every report before it).
        while (load.Any(t => !t.IsCompleted)) { lock (writes) if (writes.Count >= 20) break; await Task.Delay(20); }
        var file = Path.Combine(rig.Work, "under-load.dump");
        var started = DateTime.UtcNow;
        var (backupExit, backupOutput) = await CliAsync("backup", "--out", file, "--connection", db);
        var ended = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(1));
        stop.Cancel();
        await Task.WhenAll(load);
        var during = writes.Count(t => t >= started && t <= ended);
        if (backupExit != 0) throw new InvalidOperationException($"backup exited {backupExit}: {backupOutput}");

        var restored = await rig.NewDatabaseAsync();
        var (restoreExit, restoreOutput) = await CliAsync("restore", "--from", file, "--connection", restored);
        var mismatches = restoreOutput.Split('\n').Count(l => l.Contains('✗'));
        var tables = restoreOutput.Split('\n').Count(l => l.Contains('✓')) + mismatches;
        foreach (var line in restoreOutput.Split('\n').Where(l => l.Contains('✗'))) Console.Error.WriteLine($"reliability: restore mismatch: {line.Trim()}");

        // A host on the restored database serves it: ready, and the reports stored by the backup's moment are there.
        await using var again = await rig.StartHostAsync("restored", restored, plugins);
        var ready = (await again.Client.GetAsync("/health/ready")).IsSuccessStatusCode;
        var reported = await Rig.ScalarAsync<long>(restored, "select count(*) from grid_dispatch.tasks where status <> 0");
        var met = restoreExit == 0 && mismatches == 0 && ready && during > 0;
        return new Section("Backup under load and restore", $"""
            The host with the directory, grid-dispatch and compliance plugins; four clients keep posting operators' reports (and one
            of them the city's notices) while `netinfo backup` (tools/NetInfoSuite.Cli, as an operator runs it) dumps the database.
            The dump is restored with `netinfo restore` into an empty database, which compares every table's rows and checksum
            (an MD5 over its rows' text) with those the backup recorded; then a host is started on the restored database.
            """,
            ["writes acknowledged while the backup ran", "backup", "tables compared", "mismatches", "restore exit code", "host on the restore ready",
             "reports in the restore", "met"],
            [new([$"{during}", $"{(ended - started).TotalSeconds:0.0} s", $"{tables}", $"{mismatches}", $"{restoreExit}", ready ? "yes" : "**no**",
                $"{reported:N0}", met ? "yes" : "**no**"], met)]);
    }

    /// <summary>The operator's command line (tools/netinfo) from this build; its exit code and output.</summary>
    private static async Task<(int, string)> CliAsync(params string[] args)
    {
        var dll = Path.Combine(RepoPaths.Root, "tools", "NetInfoSuite.Cli", "bin", RepoPaths.Configuration, "net10.0", "netinfo.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args.Prepend(dll)) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + "\n" + await stderr);
    }
}
