using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Contracts.Kernel;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

public sealed class EvaluationTests(DispatchWorld world) : IClassFixture<DispatchWorld>
{
    [Fact]
    public async Task Units_are_scored_on_completion_timeliness_and_reach_and_ranked()
    {
        var countyAdmin = await world.UserAsync(world.CountyA, "CountyAdmin"); // before the clock ages the administrator's token
        _ = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(units: [world.CountyA]));
        var op1 = await DispatchWorld.FreshAsync(world.Operator1);
        var tasks = (await op1.GetFromJsonAsync<JsonElement>("/api/grid-dispatch/tasks/mine?pageSize=200")).GetProperty("items").EnumerateArray()
            .ToDictionary(t => t.GetProperty("groupId").GetGuid(), t => t.GetProperty("id").GetGuid());
        (await op1.PostAsJsonAsync($"/api/grid-dispatch/tasks/{tasks[world.G1]}/feedback", new { clientKey = "a", reached = 200 })).EnsureSuccessStatusCode();
        (await op1.PostAsJsonAsync($"/api/grid-dispatch/tasks/{tasks[world.G2]}/feedback", new { clientKey = "b", unable = true, unableReason = "群已解散" })).EnsureSuccessStatusCode();
        world.Clock.Advance(TimeSpan.FromHours(49)); // past the routine 48 h
        var op2 = await DispatchWorld.FreshAsync(world.Operator2);
        var g3 = (await op2.GetFromJsonAsync<JsonElement>("/api/grid-dispatch/tasks/mine?pageSize=200")).GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid();
        (await op2.PostAsJsonAsync($"/api/grid-dispatch/tasks/{g3}/feedback", new { clientKey = "c", reached = 100 })).EnsureSuccessStatusCode();

        var county = await DispatchWorld.FreshAsync(countyAdmin);
        var today = world.Host.Services.GetRequiredService<IOfficeClock>().Today; // periods are office (Beijing) days
        var rows = (await county.GetFromJsonAsync<JsonElement>(
            $"/api/grid-dispatch/evaluation?parent={world.CountyA}&from={today.AddDays(-3):yyyy-MM-dd}&to={today:yyyy-MM-dd}")).EnumerateArray().ToList();

        Assert.Equal(["宁安一街", "宁安二街"], rows.Select(r => r.GetProperty("name").GetString()).ToArray());
        var a1 = rows[0];
        Assert.Equal(3, a1.GetProperty("assigned").GetInt32());
        Assert.Equal(2, a1.GetProperty("done").GetInt32());
        Assert.Equal(1, a1.GetProperty("onTime").GetInt32());
        Assert.Equal(1, a1.GetProperty("late").GetInt32());
        Assert.Equal(1, a1.GetProperty("unable").GetInt32());
        Assert.Equal(300, a1.GetProperty("reach").GetInt64());
        // 100 × (0.6 × 3/3 answered + 0.3 × 1/3 on time + 0.1 × 300/600 reached)
        Assert.Equal(75.0, a1.GetProperty("score").GetDouble());
        Assert.Equal(1, rows[1].GetProperty("assigned").GetInt32());
        Assert.Equal(0.0, rows[1].GetProperty("score").GetDouble());

        var export = await county.GetAsync($"/api/grid-dispatch/evaluation/export?parent={world.CountyA}&from={today.AddDays(-3):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal(System.Net.HttpStatusCode.NotFound,
            (await county.GetAsync($"/api/grid-dispatch/evaluation?parent={world.CountyB}&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).StatusCode);
    }

    [Fact]
    public async Task A_group_switched_off_gets_no_new_task_and_phones_stay_masked_in_lists()
    {
        var city = await DispatchWorld.FreshAsync(world.CityAdmin);
        var extra = await city.PostAsJsonAsync("/api/grid-dispatch/groups", new
        {
            name = "临时群", kind = "Other", platform = "QQ", orgUnitId = world.B1a, memberCount = 10,
            operators = new[] { new { name = "王", phone = "13912345678", login = (string?)null } },
        });
        var id = (await extra.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var list = await city.GetStringAsync("/api/grid-dispatch/groups?name=临时群");
        Assert.Contains("139****5678", list);
        Assert.DoesNotContain("13912345678", list);

        var off = await city.PutAsJsonAsync($"/api/grid-dispatch/groups/{id}", new
        {
            name = "临时群", kind = "Other", platform = "QQ", orgUnitId = world.B1a, memberCount = 10, active = false,
            operators = new[] { new { name = "王", phone = "13912345678" } },
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, off.StatusCode);
        var draft = await world.DraftAsync(city, DispatchWorld.Target(units: [world.B1a], kinds: ["Other"]));
        await world.ApproveAsync(city, draft);
        var issued = await city.PostAsync($"/api/grid-dispatch/directives/{draft}/issue", null);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, issued.StatusCode); // its only group is off: nothing to reach
        Assert.Contains("\"target\"", await issued.Content.ReadAsStringAsync());
    }
}
