using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Plugins;

/// <summary>Upgrading a plugin in a running deployment, as the IT department does it: real host processes, a
/// plugins folder of real files, builds copied over each other in place (tests/plugins/upgradable*).</summary>
public sealed class PluginUpgradeTests(PostgresServer postgres) : IDisposable
{
    private const string Id = "upgradable";
    private const string MainDll = "NetInfoSuite.TestPlugins.Upgradable.dll";
    private readonly List<string> _workDirs = [];
    private readonly PluginFolder _plugins = PluginFolder.With();
    private string Folder => Path.Combine(_plugins.Path, Id);

    [Fact]
    public async Task A_new_build_copied_over_a_running_plugin_serves_its_new_version_on_every_instance()
    {
        _plugins.CopyIn(Id, "upgradable");
        var database = await postgres.CreateDatabaseAsync();
        await using var first = await StartHostAsync(database);
        await using var second = await StartHostAsync(database);
        Assert.Equal("1.1.0", await VersionServedBy(first));
        Assert.Equal("1.1.0", await VersionServedBy(second));

        _plugins.CopyIn(Id, "upgradable-v2"); // file by file over the running build
        var clock = Stopwatch.StartNew();
        foreach (var host in (HostProcess[])[first, second])
            await Until(async () => await VersionServedBy(host) == "1.2.0" && (await Module(host)).GetProperty("version").GetString() == "1.2.0",
                $"instance {host.Pid} serves 1.2.0");
        TestContext.Current.SendDiagnosticMessage($"both instances served the upgrade {clock.Elapsed.TotalSeconds:0.0} s after the copy");

        // Both instances run the same build: the content, not the moment each looked, decides.
        Assert.Equal((await Module(first)).GetProperty("build").GetString(), (await Module(second)).GetProperty("build").GetString());
        Assert.Contains("Plugins changed: now serving upgradable 1.2.0", first.Output);
    }

    [Fact]
    public async Task A_failed_plugin_loads_once_a_fixed_build_is_copied_in_and_new_timestamps_alone_swap_nothing()
    {
        _plugins.CopyIn(Id, "upgradable-throws");
        await using var host = await StartHostAsync(await postgres.CreateDatabaseAsync());
        Assert.Equal("failed", (await Module(host)).GetProperty("status").GetString());

        _plugins.CopyIn(Id, "upgradable-v2");
        await Until(async () => (await Module(host)).GetProperty("status").GetString() == "loaded", "the fixed build loads");
        Assert.Equal("1.2.0", await VersionServedBy(host));
        var swaps = Swaps(host);

        // Touched and copied again unchanged: the same content is the same build.
        foreach (var file in Directory.GetFiles(Folder)) File.SetLastWriteTimeUtc(file, DateTime.UtcNow);
        _plugins.CopyIn(Id, "upgradable-v2");
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken); // settle (1 s) and several polls
        Assert.Equal(swaps, Swaps(host));
        Assert.Equal("1.2.0", await VersionServedBy(host));
    }

    [Fact]
    public async Task A_broken_upgrade_never_takes_the_working_module_away_and_says_why_it_was_refused()
    {
        _plugins.CopyIn(Id, "upgradable");
        await using var host = await StartHostAsync(await postgres.CreateDatabaseAsync());
        Assert.Equal("1.1.0", await VersionServedBy(host));

        (string Name, Action Break, string Why)[] breakages =
        [
            ("corrupt dll", () => File.WriteAllBytes(Path.Combine(Folder, MainDll), RandomBytes(4096)), "could not load"),
            ("missing deps.json", () => File.Delete(DepsJson()), "expected one *.deps.json, found 0"),
            ("cut deps.json", () => File.WriteAllText(DepsJson(), File.ReadAllText(DepsJson())[..200]), "could not load"),
            ("Register throws", () => _plugins.CopyIn(Id, "upgradable-throws"), "registration threw InvalidOperationException: simulated broken upgrade"),
            ("other contracts", () => _plugins.CopyIn(Id, "upgradable-contracts"), "built against contracts 99.0"),
        ];
        foreach (var (name, breakIt, why) in breakages)
        {
            breakIt();
            await Until(async () =>
            {
                // Every request meanwhile is answered by the working build.
                Assert.Equal("1.1.0", await VersionServedBy(host));
                return (await Module(host)).GetProperty("refusedUpgrade").GetString()?.Contains(why) == true;
            }, $"the {name} upgrade is refused and reported");
            var module = await Module(host);
            Assert.Equal("loaded", module.GetProperty("status").GetString());
            Assert.Equal("1.1.0", module.GetProperty("version").GetString());
            Assert.Contains("keeps serving", module.GetProperty("refusedUpgrade").GetString());
            Assert.Contains($"upgradable: upgrade in {Folder} build", host.Output);

            // Readiness stays Healthy: nothing stopped serving. Only IT sees what was refused.
            var ready = await host.Client.GetFromJsonAsync<JsonElement>("/health/ready");
            Assert.Equal("Healthy", ready.GetProperty("status").GetString());
            using var anonymous = new HttpClient { BaseAddress = host.Client.BaseAddress };
            var seenByAnyone = (await anonymous.GetFromJsonAsync<JsonElement[]>("/api/modules"))!.Single(m => m.GetProperty("id").GetString() == Id);
            Assert.Equal(JsonValueKind.Null, seenByAnyone.GetProperty("refusedUpgrade").ValueKind);

            // Putting the working build back clears the report.
            Directory.Delete(Folder, recursive: true);
            _plugins.CopyIn(Id, "upgradable");
            await Until(async () => (await Module(host)).GetProperty("refusedUpgrade").ValueKind == JsonValueKind.Null, $"the {name} report clears");
        }

        _plugins.CopyIn(Id, "upgradable-v2");
        await Until(async () => await VersionServedBy(host) == "1.2.0", "a good upgrade after the broken ones serves");
    }

    [Fact]
    public async Task A_plugin_folder_still_being_copied_is_waited_for_not_loaded_half()
    {
        await using var host = await StartHostAsync(await postgres.CreateDatabaseAsync());
        var source = Path.Combine(RepoPaths.TestPlugins, "upgradable-v2");
        Directory.CreateDirectory(Folder);
        var copying = Task.Run(async () =>
        {
            // Slowly, as a large copy over a network share would arrive: the main dll in two halves, deps.json last.
            foreach (var file in Directory.GetFiles(source).OrderBy(f => f.EndsWith(".deps.json", StringComparison.Ordinal)))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                await using (var target = File.Create(Path.Combine(Folder, Path.GetFileName(file))))
                {
                    await target.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                    await target.FlushAsync();
                    await Task.Delay(400);
                    await target.WriteAsync(bytes.AsMemory(bytes.Length / 2));
                }
                await Task.Delay(400);
            }
        });

        var statuses = new List<string?>();
        while (!copying.IsCompleted)
        {
            statuses.Add((await Modules(host)).FirstOrDefault(m => m.GetProperty("id").GetString() == Id) is { ValueKind: JsonValueKind.Object } m
                ? m.GetProperty("status").GetString() : null);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        await copying;

        Assert.DoesNotContain("failed", statuses);
        await Until(async () => await VersionServedBy(host) == "1.2.0", "the complete folder loads");
        Assert.DoesNotContain("skipped", host.Output);
    }

    private async Task<HostProcess> StartHostAsync(string database)
    {
        var workDir = Path.Combine(Path.GetTempPath(), "netinfo-upgrade-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workDir);
        _workDirs.Add(workDir);
        var host = await HostProcess.StartAsync(workDir, $"--ConnectionStrings:Marten={database}",
            $"--NetInfo:PluginsPath={_plugins.Path}", "--NetInfo:PluginsPollSeconds=0.5", "--NetInfo:PluginsSettleSeconds=1",
            $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}");
        await host.Client.SignInAsync("admin", TestHost.AdminPassword);
        return host;
    }

    private string DepsJson() => Directory.GetFiles(Folder, "*.deps.json").Single();

    /// <summary>The version the module's own code answers with; its status code when it does not answer.</summary>
    private static async Task<string?> VersionServedBy(HostProcess host)
    {
        var response = await host.Client.GetAsync("/api/upgradable/version");
        return response.StatusCode == HttpStatusCode.OK
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetString()
            : ((int)response.StatusCode).ToString();
    }

    private static async Task<JsonElement[]> Modules(HostProcess host) =>
        (await host.Client.GetFromJsonAsync<JsonElement[]>("/api/modules"))!;

    private static async Task<JsonElement> Module(HostProcess host) =>
        (await Modules(host)).Single(m => m.GetProperty("id").GetString() == Id);

    private static int Swaps(HostProcess host) => host.Output.Split('\n').Count(l => l.Contains("Plugins changed: now serving"));

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail($"Not within 60 s: {what}");
            await Task.Delay(200);
        }
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        _plugins.Dispose();
        foreach (var dir in _workDirs)
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
