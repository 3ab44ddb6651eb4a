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
        await Dotnet("build", Path.Combine(output, "modules", "winter-fishing"), $"-p:PluginsDir={plugins}/", "-nodeReuse:false");
        await Dotnet("build", Path.Combine(output, "tests", "NetInfoSuite.Modules.WinterFishing.Tests"), "-nodeReuse:false");

        await using var host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(),
            PluginFolder.With(["directory", "winter-fishing"], [plugins]));
        var city = await host.Client.PostAsJsonAsync("/api/directory/units", new { code = "231000", name = "牡丹江市", level = "City" });
        var cityId = (await city.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        var editor = await host.ClientForAsync(cityId, "Editor");
        var created = await editor.PostAsJsonAsync("/api/winter-fishing/records", new { title = "镜泊湖冬捕第一网" });
        var listed = await editor.GetStringAsync("/api/winter-fishing/records");
        var invalid = await editor.PostAsJsonAsync("/api/winter-fishing/records", new { title = "" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("镜泊湖冬捕第一网", listed);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    private static async Task Dotnet(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed:\n{await stdout}\n{await stderr}");
    }

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
