using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

/// <summary>Issue 14: a county reached into another county's work.</summary>
public sealed class CrossCountyTests(DispatchWorld world) : IClassFixture<DispatchWorld>
{
    [Fact]
    public async Task A_draft_refuses_another_countys_unit_as_a_target()
    {
        var countyB = (await world.UserAsync(world.CountyB, "CountyAdmin")).Client;
        var draft = await countyB.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "越界指令", body = "请转发", category = "AntiFraud", urgency = "Routine",
            target = DispatchWorld.Target(units: [world.StreetA1]), delivery = "Direct",
        });

        Assert.Equal(HttpStatusCode.BadRequest, draft.StatusCode);
        Assert.Contains("target.orgUnits", await draft.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_countys_task_supervision_log_answers_404()
    {
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(groups: [world.G4]));
        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select id from grid_dispatch.tasks where directive_id = $1", connection)
            { Parameters = { new() { Value = id } } };
        var task = (Guid)(await cmd.ExecuteScalarAsync())!;
        var countyA = (await world.UserAsync(world.CountyA, "CountyAdmin")).Client;
        var countyB = (await world.UserAsync(world.CountyB, "CountyAdmin")).Client;

        Assert.Equal(HttpStatusCode.OK, (await countyA.GetAsync($"/api/grid-dispatch/tasks/{task}/supervision")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await countyB.GetAsync($"/api/grid-dispatch/tasks/{task}/supervision")).StatusCode);
    }
}
