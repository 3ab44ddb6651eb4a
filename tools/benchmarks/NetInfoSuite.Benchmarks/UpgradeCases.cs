using System.Diagnostics;
using System.Text.Json;

/// <summary>Issue 21: resident memory of a host process over 20 plugin upgrades. Each upgrade is a new build of one
/// plugin (the test plugin "upgradable", 1.1.0 and 1.2.0 in turn, with a release note that makes each build's
/// content new) copied over the running one; every other module is unchanged and keeps its loaded build.</summary>
internal static class UpgradeCases
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var upgrades = bench.Quick ? 3 : 20;
        var idle = bench.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10);
        var work = Path.Combine(bench.Work, "upgrades");
        var plugins = Path.Combine(work, "plugins");
        Directory.CreateDirectory(plugins);
        foreach (var folder in Directory.GetDirectories(bench.HostPlugins).Where(d => Path.GetFileName(d) != "tenants"))
            Copy(folder, Path.Combine(plugins, Path.GetFileName(folder)));
        var testPlugins = Path.Combine(bench.Repo, "artifacts", "test-plugins");
        Copy(Path.Combine(testPlugins, "upgradable"), Path.Combine(plugins, "upgradable"));

        var port = BenchContext.FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        using var host = bench.StartHostProcess(work, port, $"--ConnectionStrings:Marten={await bench.NewDatabaseAsync()}",
            $"--NetInfo:PluginsPath={plugins}", "--NetInfo:PluginsPollSeconds=0.5", "--NetInfo:PluginsSettleSeconds=1",
            "--Serilog:MinimumLevel:Default=Warning");
        try
        {
            await BenchContext.WaitReadyAsync(client, host);
            await Task.Delay(idle);
            var before = Rss(host);
            var swaps = new List<double>();
            for (var i = 1; i <= upgrades; i++)
            {
                var (build, version) = i % 2 == 1 ? ("upgradable-v2", "1.2.0") : ("upgradable", "1.1.0");
                var target = Path.Combine(plugins, "upgradable");
                var previous = await BuildServing(client);
                var started = Stopwatch.GetTimestamp();
                Copy(Path.Combine(testPlugins, build), target);
                File.WriteAllText(Path.Combine(target, "release.txt"), $"release {i}");
                while (await BuildServing(client) is var now && (now.Build == previous.Build || now.Version != version))
                {
                    if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(60)) throw new TimeoutException($"upgrade {i} not served");
                    await Task.Delay(50);
                }
                swaps.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            await Task.Delay(idle);
            var after = Rss(host);
            var perUpgrade = (after - before) / upgrades;
            return new Section("Memory over plugin upgrades (issue 21)", $"""
                `dotnet NetInfoSuite.Host.dll` as its own process with every module of the build plus the test plugin `upgradable`;
                {upgrades} upgrades, each a new build of that plugin (content differs every time) copied over the running one, with
                `NetInfo:PluginsPollSeconds=0.5` and `NetInfo:PluginsSettleSeconds=1`. Resident memory (VmRSS) after {idle.TotalSeconds:0} s
                idle before the first upgrade and after the last. Builds that no longer serve stay loaded (types shared with the host
                cannot be unloaded, ADR 0019); unchanged plugins are not loaded again. Time to serve: from the copy to `/api/modules`
                showing the new build, the settle time included.
                """,
            [
                new($"resident memory before and after {upgrades} upgrades", $"{before:0} MB → {after:0} MB", "", "", "", null),
                new("growth per upgrade", $"{perUpgrade:0.0} MB", "", "", "bounded; rolling restart advised after 10 idle builds", null),
                new("copy to serving the new build, median", $"{BenchContext.Median(swaps):0.00} s", $"max {swaps.Max():0.00} s", "", "< 10 s", swaps.Max() < 10),
            ]);
        }
        finally
        {
            Process.Start("kill", ["-TERM", host.Id.ToString()]).WaitForExit();
            if (!host.WaitForExit(30_000)) host.Kill(entireProcessTree: true);
        }
    }

    private static async Task<(string? Build, string? Version)> BuildServing(HttpClient client)
    {
        var modules = JsonSerializer.Deserialize<JsonElement[]>(await client.GetStringAsync("/api/modules"))!;
        var module = modules.Single(m => m.GetProperty("id").GetString() == "upgradable");
        return (module.GetProperty("build").GetString(), module.GetProperty("version").GetString());
    }

    private static double Rss(Process host) =>
        long.Parse(File.ReadLines($"/proc/{host.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;

    /// <summary>File by file over what is there, as an operator copying a build in place would.</summary>
    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }
}
