using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>A developer's first minutes: `dotnet new netinfo-module`, build, and the host serves it untouched.</summary>
public sealed class TemplateTests(PostgresServer postgres) : IDisposable
{
    private readonly string _work = Path.Combine(RepoPaths.Root, "artifacts", "template-test", Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_module_fresh_from_the_template_builds_loads_and_answers_its_endpoint()
    {
        var hive = Path.Combine(_work, "hive"); // a private template cache: the machine's stays untouched
        var output = Path.Combine(_work, "src");
        var plugins = Path.Combine(_work, "plugins");
        await Dotnet("new", "install", Path.Combine(RepoPaths.Root, "tools", "templates", "netinfo-module"), "--debug:custom-hive", hive);
        await Dotnet("new", "netinfo-module", "-n", "WinterFishing", "-o", output, "--debug:custom-hive", hive);
        await FollowReadmeSolutionStep(output);
        await Dotnet("build", Path.Combine(output, "modules", "winter-fishing"), $"-p:PluginsDir={plugins}/", "-nodeReuse:false");
        await Dotnet("build", Path.Combine(output, "tests", "NetInfoSuite.Modules.WinterFishing.Tests"), "-nodeReuse:false");

        // 宁安市 keeps its records in a database of its own: the city's list must still show them.
        await using var host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(),
            PluginFolder.With(["directory", "winter-fishing"], [plugins]),
            ("NetInfo:Tenancy:Databases:ningan:ConnectionString", await postgres.CreateDatabaseAsync()),
            ("NetInfo:Tenancy:Databases:ningan:Tenants", "231084"));
        var city = await host.Client.PostAsJsonAsync("/api/directory/units", new { code = "231000", name = "牡丹江市", level = "City" });
        var cityId = (await city.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        var ningan = await host.Client.PostAsJsonAsync("/api/directory/units", new { code = "231084", name = "宁安市", level = "County", parentId = cityId });
        var ninganId = (await ningan.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        var editor = await host.ClientForAsync(cityId, "Editor");
        var countyEditor = await host.ClientForAsync(ninganId, "Editor");
        var created = await editor.PostAsJsonAsync("/api/winter-fishing/records", new { title = "镜泊湖冬捕第一网" });
        var createdInCounty = await countyEditor.PostAsJsonAsync("/api/winter-fishing/records", new { title = "宁安市的记录" });
        var listed = await editor.GetStringAsync("/api/winter-fishing/records");
        var listedInCounty = await countyEditor.GetStringAsync("/api/winter-fishing/records");
        var invalid = await editor.PostAsJsonAsync("/api/winter-fishing/records", new { title = "" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, createdInCounty.StatusCode);
        Assert.Contains("镜泊湖冬捕第一网", listed);
        Assert.Contains("宁安市的记录", listed); // the city sees everything, across tenant databases
        Assert.Contains("宁安市的记录", listedInCounty);
        Assert.DoesNotContain("镜泊湖冬捕第一网", listedInCounty); // a county sees its own
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    /// <summary>README's "Adding a module", command by command: the same template call, then its `dotnet sln add`
    /// line run as written (beside a solution of the repository's name) must add both projects, and
    /// tools/run.sh must build that solution in the configuration whose host (and plugins folder) it runs.</summary>
    private static async Task FollowReadmeSolutionStep(string output)
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var steps = System.Text.RegularExpressions.Regex.Match(readme, @"## Adding a module\s+```bash\n(.*?)```",
            System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["dotnet new install tools/templates/netinfo-module", "dotnet new netinfo-module -n WinterFishing -o ."], steps[..2]);
        Assert.StartsWith("dotnet sln add ", steps[2]);
        Assert.Equal("tools/run.sh", steps[3]);

        await Dotnet("new", "sln", "-n", "NetInfoSuite", "-o", output, "--format", "sln");
        await Run("bash", output, "-c", steps[2]);
        var solution = File.ReadAllText(Path.Combine(output, "NetInfoSuite.sln"));
        Assert.Contains("NetInfoSuite.Modules.WinterFishing.csproj", solution);
        Assert.Contains("NetInfoSuite.Modules.WinterFishing.Tests.csproj", solution);

        var run = File.ReadAllText(Path.Combine(RepoPaths.Root, "tools", "run.sh"));
        var configuration = System.Text.RegularExpressions.Regex.Match(run, @"dotnet build NetInfoSuite.sln -c (\w+)").Groups[1].Value;
        Assert.NotEmpty(configuration);
        // It runs the host of the configuration it built (whose plugins folder the new module was published into).
        Assert.Contains($"host=host/NetInfoSuite.Host/bin/{configuration}/net10.0/NetInfoSuite.Host.dll", run);
        Assert.Contains("exec dotnet \"$host\" \"$@\"", run);
    }

    private static Task Dotnet(params string[] args) => Run("dotnet", null, args);

    private static async Task Run(string program, string? workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed:\n{await stdout}\n{await stderr}");
    }

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
