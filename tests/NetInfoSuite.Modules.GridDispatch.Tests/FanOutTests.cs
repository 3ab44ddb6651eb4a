using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

public sealed class FanOutTests(DispatchWorld world) : IClassFixture<DispatchWorld>
{
    [Fact]
    public async Task Each_kind_of_scope_makes_one_task_per_target_group()
    {
        var city = world.CityAdmin.Client;
        Assert.Equal(6, (await world.IssueAsync(city, DispatchWorld.Target())).Tasks);
        Assert.Equal(4, (await world.IssueAsync(city, DispatchWorld.Target(units: [world.CountyA]))).Tasks);
        Assert.Equal(3, (await world.IssueAsync(city, DispatchWorld.Target(kinds: ["GridGroup"]))).Tasks);
        Assert.Equal(2, (await world.IssueAsync(city, DispatchWorld.Target(groups: [world.G3, world.G5]))).Tasks);
        Assert.Equal(1, (await world.IssueAsync(city, DispatchWorld.Target(units: [world.StreetA1], kinds: ["Residents"]))).Tasks);
        Assert.Equal(3, (await world.IssueAsync(city, DispatchWorld.Target(units: [world.StreetA1, world.B1a], kinds: ["GridGroup", "Villagers"]))).Tasks);
    }

    [Fact]
    public async Task Who_drafts_a_directive_does_not_approve_it()
    {
        var city = await DispatchWorld.FreshAsync(world.CityAdmin);
        var id = await world.DraftAsync(city, DispatchWorld.Target());

        var own = await city.PostAsync($"/api/grid-dispatch/directives/{id}/approve", null);

        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        var errors = (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("localizedErrors");
        Assert.Equal("起草人不能审批自己起草的指令，请由另一位有审批权限的人员审批", errors.GetProperty("zh-CN").GetProperty("approvedBy")[0].GetString());
        Assert.Equal("The drafter cannot approve their own directive; another person with the approval permission must approve it",
            errors.GetProperty("en").GetProperty("approvedBy")[0].GetString());
        Assert.Equal("Draft", (await city.GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/directives/{id}")).GetProperty("status").GetString());
        await world.ApproveAsync(city, id); // a colleague may
        Assert.Equal("Approved", (await city.GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/directives/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_county_issues_within_its_subtree_only()
    {
        var county = (await world.UserAsync(world.CountyA, "CountyAdmin")).Client;
        Assert.Equal(4, (await world.IssueAsync(county, DispatchWorld.Target())).Tasks);

        // Already the draft is refused: a unit outside the county does not exist for it.
        var refused = await county.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "越界", body = "x", category = "AntiFraud", urgency = "Routine", delivery = "Direct", target = DispatchWorld.Target(units: [world.CountyB]),
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("target.orgUnits", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Issuing_again_never_duplicates_tasks_and_a_draft_cannot_be_issued()
    {
        var city = world.CityAdmin.Client;
        var (id, tasks) = await world.IssueAsync(city, DispatchWorld.Target());
        var again = await (await city.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(again.GetProperty("alreadyIssued").GetBoolean());
        Assert.Equal(tasks, await TaskRowsAsync(id));

        var draft = await world.DraftAsync(city, DispatchWorld.Target());
        Assert.Equal(HttpStatusCode.BadRequest, (await city.PostAsync($"/api/grid-dispatch/directives/{draft}/issue", null)).StatusCode);
        Assert.Equal(0, await TaskRowsAsync(draft));
    }

    [Fact]
    public async Task Five_issues_of_one_directive_at_once_make_its_tasks_once()
    {
        var city = world.CityAdmin.Client;
        var id = await world.DraftAsync(city, DispatchWorld.Target());
        await world.ApproveAsync(city, id);

        var tries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => city.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null)));

        Assert.All(tries, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var answers = await Task.WhenAll(tries.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Single(answers, a => !a.GetProperty("alreadyIssued").GetBoolean());
        Assert.All(answers, a => Assert.Equal(6, a.GetProperty("tasks").GetInt32()));
        Assert.Equal(6, await TaskRowsAsync(id));
    }

    [Fact]
    public async Task A_failure_midway_through_issuing_leaves_no_task_and_the_directive_unissued()
    {
        var city = world.CityAdmin.Client;
        var id = await world.DraftAsync(city, DispatchWorld.Target());
        await world.ApproveAsync(city, id);
        // The rollup rows go in after the tasks, in the same transaction: make them fail.
        await Sql("""
            create function grid_dispatch.fail_rollups() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$;
            create trigger fail_rollups before insert on grid_dispatch.relays for each row execute function grid_dispatch.fail_rollups();
            """);
        try
        {
            var failed = await city.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }
        finally
        {
            await Sql("drop trigger fail_rollups on grid_dispatch.relays; drop function grid_dispatch.fail_rollups();");
        }
        Assert.Equal(0, await TaskRowsAsync(id));
        var directive = await city.GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/directives/{id}");
        Assert.Equal("Approved", directive.GetProperty("status").GetString());

        var issued = await city.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(6, await TaskRowsAsync(id));
    }

    [Fact]
    public async Task Progress_counts_per_county_and_street_and_a_relayed_directive_waits_for_each_level_to_sign()
    {
        var city = world.CityAdmin.Client;
        var (id, _) = await world.IssueAsync(city, DispatchWorld.Target(units: [world.CountyA]), delivery: "Relay");
        Assert.DoesNotContain(await MyTasks(world.Operator1.Client), t => t.GetProperty("directiveId").GetGuid() == id);

        var countySigner = (await world.UserAsync(world.CountyA, "CountyAdmin")).Client;
        var streetSigner = (await world.UserAsync(world.StreetA1, "Editor")).Client;
        Assert.Equal(HttpStatusCode.BadRequest, (await streetSigner.PostAsJsonAsync($"/api/grid-dispatch/directives/{id}/sign", new { note = "" })).StatusCode);
        (await countySigner.PostAsJsonAsync($"/api/grid-dispatch/directives/{id}/sign", new { note = "各街道今日内转发" })).EnsureSuccessStatusCode();
        (await streetSigner.PostAsJsonAsync($"/api/grid-dispatch/directives/{id}/sign", new { note = "一街已转" })).EnsureSuccessStatusCode();
        Assert.Equal(2, (await MyTasks(world.Operator1.Client)).Count(t => t.GetProperty("directiveId").GetGuid() == id));

        var progress = await city.GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/directives/{id}/progress");
        Assert.Equal(4, progress.GetProperty("tasks").GetInt32());
        var units = progress.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetGuid());
        Assert.Equal(4, units[world.CountyA].GetProperty("tasks").GetInt32());
        Assert.Equal(3, units[world.StreetA1].GetProperty("tasks").GetInt32());
        Assert.Equal(1, units[world.StreetA2].GetProperty("tasks").GetInt32());
        Assert.True(units[world.StreetA1].TryGetProperty("signedAt", out var signed) && signed.ValueKind == JsonValueKind.String);
        Assert.Equal(JsonValueKind.Null, units[world.StreetA2].GetProperty("signedAt").ValueKind);
    }

    [Fact]
    public async Task The_issues_notice_delivered_after_a_county_has_signed_tells_no_street_a_second_time()
    {
        var (id, _) = await world.IssueAsync(world.CityAdmin.Client, DispatchWorld.Target(units: [world.CountyA]), delivery: "Relay");
        await world.Host.OutboxDeliveredAsync();
        var countySigner = (await world.UserAsync(world.CountyA, "CountyAdmin")).Client;
        var (streetSigner, _) = await world.UserAsync(world.StreetA1, "Editor");
        (await countySigner.PostAsJsonAsync($"/api/grid-dispatch/directives/{id}/sign", new { note = "" })).EnsureSuccessStatusCode();
        await world.Host.OutboxDeliveredAsync();
        Assert.Equal(1, await RelayNotices(streetSigner, id));

        // The issue's message again, as a relay that lagged behind the county's signature would deliver it.
        await Sql($$"""
            insert into platform.outbox (id, kind, type, body) values (gen_random_uuid(), 'publish',
              'NetInfoSuite.Modules.GridDispatch.Handover.RelayReceived', '{"directiveId":"{{id}}","title":"迟到的下发通知","parent":null}')
            """);
        await world.Host.OutboxDeliveredAsync();
        Assert.Equal(1, await RelayNotices(streetSigner, id));
    }

    private static async Task<int> RelayNotices(HttpClient client, Guid directive) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/notifications?pageSize=100")).GetProperty("items").EnumerateArray()
            .Count(n => n.GetProperty("kind").GetString() == "grid-dispatch.relay" && n.GetProperty("link").GetString()!.EndsWith(directive.ToString()));

    private static async Task<List<JsonElement>> MyTasks(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/grid-dispatch/tasks/mine?pageSize=200")).GetProperty("items").EnumerateArray().ToList();

    private async Task<int> TaskRowsAsync(Guid directive)
    {
        await using var connection = new NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from grid_dispatch.tasks where directive_id = $1", connection)
            { Parameters = { new() { Value = directive } } };
        return (int)(long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
