using System.Diagnostics;

/// <summary>Issues 2 and 8: the host as a deployment runs it (its own process, embedded PostgreSQL in its working
/// folder): start to ready, and resident memory when idle, with every module loaded beside no module at all.</summary>
internal static class HostCases
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var (runs, idle) = bench.Quick ? (1, TimeSpan.FromSeconds(1)) : (5, TimeSpan.FromSeconds(5));
        var folder = Path.Combine(bench.Work, "host-start");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101); // the embedded server may run as another user
        var (first, _) = await StartAsync(bench, folder, "*", idle);
        var all = new List<(double Seconds, double Mb)>();
        var none = new List<(double Seconds, double Mb)>();
        for (var i = 0; i < runs; i++)
        {
            all.Add(await StartAsync(bench, folder, "*", idle));
            none.Add(await StartAsync(bench, folder, "none", idle));
        }
        var (allStart, noneStart) = (BenchContext.Median(all.Select(x => x.Seconds)), BenchContext.Median(none.Select(x => x.Seconds)));
        var (allMb, noneMb) = (BenchContext.Median(all.Select(x => x.Mb)), BenchContext.Median(none.Select(x => x.Mb)));
        return new Section("Host start and memory (issues 2 and 8)", $"""
            `dotnet NetInfoSuite.Host.dll` launched as a deployment runs it, with its embedded PostgreSQL in the working folder; wall
            time from launch to the first 200 from `/health/ready`; resident memory (VmRSS) after {idle.TotalSeconds:0} s idle. Every
            module of the build loaded ("*") against none; median of {runs} alternating start(s) each, after a first start that also
            runs initdb.
            """,
        [
            new("first start, including initdb", $"{first:0.00} s", "", "", "< 15 s", first < 15),
            new("start to ready, all modules", $"{allStart:0.00} s", $"no module: {noneStart:0.00} s", $"{allStart / noneStart:0.00}", "< 3 s", allStart < 3),
            new("idle resident memory, all modules", $"{allMb:0} MB", $"no module: {noneMb:0} MB", $"{allMb / noneMb:0.00}", "< 200 MB", allMb < 200),
        ]);
    }

    private static async Task<(double Seconds, double Mb)> StartAsync(BenchContext bench, string folder, string modules, TimeSpan idle)
    {
        var port = BenchContext.FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        var start = Stopwatch.GetTimestamp();
        using var host = bench.StartHostProcess(folder, port, $"--NetInfo:Modules={modules}");
        try
        {
            await BenchContext.WaitReadyAsync(client, host);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            await Task.Delay(idle);
            var rss = File.ReadLines($"/proc/{host.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return (seconds, long.Parse(rss) / 1024.0);
        }
        finally
        {
            // A graceful stop, so the embedded server stops with it before the next start.
            Process.Start("kill", ["-TERM", host.Id.ToString()]).WaitForExit();
            if (!host.WaitForExit(30_000)) host.Kill(entireProcessTree: true);
        }
    }
}
