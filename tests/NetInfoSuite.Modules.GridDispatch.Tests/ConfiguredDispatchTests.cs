using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

/// <summary>The same small city, with the office's own settings: routine work due in 3 hours, reminded 30 minutes
/// before, escalated to the county 20 minutes after and to the city an hour after; four eyes switched off.</summary>
public sealed class ConfiguredDispatchWorld(PostgresServer postgres) : DispatchWorld(postgres)
{
    protected override (string Key, string Value)[] Settings =>
    [
        ("GridDispatch:FourEyes", "false"),
        ("GridDispatch:Deadlines:Routine", "03:00:00"),
        ("GridDispatch:Escalation:Routine:RemindBefore", "00:30:00"),
        ("GridDispatch:Escalation:Routine:CountyAfter", "00:20:00"),
        ("GridDispatch:Escalation:Routine:CityAfter", "01:00:00"),
    ];
}

public sealed class ConfiguredDispatchTests(ConfiguredDispatchWorld world) : IClassFixture<ConfiguredDispatchWorld>
{
    [Fact]
    public async Task Escalation_steps_follow_the_configuration()
    {
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(groups: [world.G4]));
        var start = world.Clock.GetUtcNow();
        var timeline = new List<string>();
        foreach (var at in new[] { 2.4, 2.6, 2.9, 3.05, 3.3, 3.4, 3.9, 4.05 })
        {
            world.Clock.SetUtcNow(start + TimeSpan.FromHours(at));
            var admin = await DispatchWorld.FreshAsync(world.CityAdmin);
            (await admin.PostAsync("/api/grid-dispatch/supervision/run", null)).EnsureSuccessStatusCode();
        }

        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(
            "select step, extract(epoch from at - $2) / 3600 from grid_dispatch.supervision_log where directive_id = $1 order by at", connection)
            { Parameters = { new() { Value = id }, new() { Value = start } } };
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) timeline.Add($"{Math.Round(reader.GetDouble(1), 2).ToString(System.Globalization.CultureInfo.InvariantCulture)}h:{reader.GetString(0)}");

        Assert.Equal(["2.6h:remind", "3.05h:overdue", "3.4h:escalate-county", "4.05h:escalate-city"], timeline);
    }

    [Fact]
    public async Task With_four_eyes_switched_off_the_drafter_may_approve()
    {
        var city = await DispatchWorld.FreshAsync(world.CityAdmin);
        var id = await world.DraftAsync(city, DispatchWorld.Target());

        var approved = await city.PostAsync($"/api/grid-dispatch/directives/{id}/approve", null);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(world.CityAdmin.Login, (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("approvedBy").GetString());
    }

    [Fact]
    public async Task A_setting_that_is_not_a_time_span_keeps_the_module_from_loading_and_says_which()
    {
        await using var wrong = await TestHost.StartOnAsync(world.Host.ConnectionString, PluginFolder.With("directory", "grid-dispatch"),
            ("GridDispatch:Escalation:Urgent:CountyAfter", "一小时"));

        var modules = await wrong.Client.GetStringAsync("/api/modules");

        Assert.Contains("GridDispatch:Escalation:Urgent:CountyAfter", modules);
        Assert.Equal(HttpStatusCode.NotFound, (await wrong.Client.GetAsync("/api/grid-dispatch/directives")).StatusCode);
    }
}
