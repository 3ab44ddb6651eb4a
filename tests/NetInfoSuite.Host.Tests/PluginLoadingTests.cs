using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Autofac;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>Real plugins from disk: the directory, a probe that calls it through contracts, and three
/// plugins that must be refused while the rest serve.</summary>
public sealed class PluginLoadingTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_plugin_answers_a_MediatR_request_sent_from_another_plugin()
    {
        await using var host = await TestHost.StartAsync(postgres, ["directory", "probe"]);
        var city = await host.Client.PostAsJsonAsync("/api/directory/units", new { code = "231000", name = "牡丹江市", level = "City" });
        Assert.Equal(HttpStatusCode.Created, city.StatusCode);
        var id = (await city.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var answer = await host.Client.GetFromJsonAsync<JsonElement>($"/api/probe/units/{id}/name");

        Assert.True(answer.GetProperty("directoryAvailable").GetBoolean());
        Assert.Equal("牡丹江市", answer.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_plugins_recurring_work_runs_on_its_schedule_as_the_system()
    {
        await using var host = await TestHost.StartAsync(postgres, ["probe"]);
        JsonElement ticks = default;
        for (var i = 0; i < 100 && (ticks.ValueKind == JsonValueKind.Undefined || ticks.GetProperty("count").GetInt32() < 3); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            ticks = await host.Client.GetFromJsonAsync<JsonElement>("/api/probe/ticks", TestContext.Current.CancellationToken);
        }

        Assert.True(ticks.GetProperty("count").GetInt32() >= 3, ticks.ToString());
        Assert.True(ticks.GetProperty("allBySystem").GetBoolean());
    }

    [Fact]
    public async Task A_notification_published_by_one_plugin_reaches_a_handler_in_another()
    {
        await using var host = await TestHost.StartAsync(postgres, ["directory", "probe"]);
        await host.Client.PostAsJsonAsync("/api/directory/units", new { code = "231000", name = "牡丹江市", level = "City" });
        await host.OutboxDeliveredAsync();

        var seen = await host.Client.GetFromJsonAsync<string[]>("/api/probe/changes");

        Assert.Equal(["Created:231000"], seen!);
    }

    [Fact]
    public async Task A_request_for_a_module_that_is_not_deployed_gets_a_typed_answer_and_the_caller_degrades()
    {
        await using var host = await TestHost.StartAsync(postgres, ["directory", "probe"], ("NetInfo:Modules", "probe"));

        var response = await host.Client.GetAsync($"/api/probe/units/{Guid.NewGuid()}/name");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("directoryAvailable").GetBoolean());
        var modules = await host.Client.GetFromJsonAsync<JsonElement[]>("/api/modules");
        Assert.Equal("not-selected", modules!.Single(m => m.GetProperty("id").GetString() == "directory").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/api/directory/units")).StatusCode);
    }

    [Fact]
    public async Task Broken_plugins_are_skipped_and_reported_while_the_others_serve()
    {
        await using var host = await TestHost.StartAsync(postgres, ["directory", "throwing", "wrong-contracts", "missing-dep"]);

        var modules = (await host.Client.GetFromJsonAsync<JsonElement[]>("/api/modules"))!
            .ToDictionary(m => m.GetProperty("id").GetString()!, m => (Status: m.GetProperty("status").GetString(), Error: m.GetProperty("error").GetString()));
        Assert.Equal("loaded", modules["directory"].Status);
        Assert.Equal("failed", modules["throwing"].Status);
        Assert.Contains("simulated registration failure", modules["throwing"].Error);
        Assert.Equal("failed", modules["wrong-contracts"].Status);
        Assert.Contains($"built against contracts 2.0, host has contracts {Contracts.ContractsInfo.Version}", modules["wrong-contracts"].Error);
        Assert.Equal("failed", modules["missing-dep"].Status);
        Assert.Contains("depends on 'no-such-module', which is not present", modules["missing-dep"].Error);

        var ready = await host.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.StartsWith("failed: registration threw", report.GetProperty("checks").GetProperty("modules").GetProperty("data").GetProperty("throwing").GetString());

        // Nothing the throwing module registered before it threw made it into the container.
        Assert.DoesNotContain(host.Services.GetRequiredService<ILifetimeScope>().ComponentRegistry.Registrations,
            r => r.Activator.LimitType.Name == "HalfRegistered");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/directory/units")).StatusCode);
    }

    [Fact]
    public async Task A_selected_module_without_a_plugin_is_reported_as_failed()
    {
        await using var host = await TestHost.StartAsync(postgres, ["directory"], ("NetInfo:Modules", "directory,account-matrix"));

        var modules = await host.Client.GetFromJsonAsync<JsonElement[]>("/api/modules");

        var missing = modules!.Single(m => m.GetProperty("id").GetString() == "account-matrix");
        Assert.Equal("failed", missing.GetProperty("status").GetString());
        Assert.Contains("no plugin with id 'account-matrix'", missing.GetProperty("error").GetString());
    }
}
