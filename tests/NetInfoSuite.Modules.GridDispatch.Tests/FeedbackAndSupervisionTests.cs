using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

public sealed class FeedbackAndSupervisionTests(DispatchWorld world) : IClassFixture<DispatchWorld>
{
    [Fact]
    public async Task An_operator_sees_only_their_own_groups_tasks_and_cannot_report_on_others()
    {
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(units: [world.StreetA1]));
        var mine = await TasksOf(await DispatchWorld.FreshAsync(world.Operator1), id);
        var theirs = await TasksOf(await DispatchWorld.FreshAsync(world.Operator2), id);

        Assert.Equal(new[] { world.G1, world.G2 }.Order(), mine.Select(t => t.GetProperty("groupId").GetGuid()).Order());
        Assert.Equal([world.G3], theirs.Select(t => t.GetProperty("groupId").GetGuid()).ToArray());
        var other = await Report(await DispatchWorld.FreshAsync(world.Operator1), theirs[0].GetProperty("id").GetGuid(), "k-1");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task The_same_report_sent_twice_is_stored_once_and_a_different_one_is_refused()
    {
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(groups: [world.G1]));
        var task = (await TasksOf(await DispatchWorld.FreshAsync(world.Operator1), id)).Single().GetProperty("id").GetGuid();

        var first = await Report(await DispatchWorld.FreshAsync(world.Operator1), task, "phone-key-1");
        world.Clock.Advance(TimeSpan.FromSeconds(30));
        var retry = await Report(await DispatchWorld.FreshAsync(world.Operator1), task, "phone-key-1");
        var other = await Report(await DispatchWorld.FreshAsync(world.Operator1), task, "phone-key-2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var stored = await first.Content.ReadFromJsonAsync<JsonElement>();
        var again = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(stored.GetProperty("reportedAt").GetDateTimeOffset(), again.GetProperty("reportedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Contains("clientKey", await other.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Each_report_commits_with_its_audit_record_and_twenty_tries_at_once_store_it_once()
    {
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(groups: [world.G1]));
        var task = (await TasksOf(await DispatchWorld.FreshAsync(world.Operator1), id)).Single().GetProperty("id").GetGuid();
        var client = await DispatchWorld.FreshAsync(world.Operator1);

        var tries = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Report(client, task, "same-phone-key")));
        var other = await Report(client, task, "another-key");

        Assert.All(tries, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var answers = await Task.WhenAll(tries.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.All(answers, a => Assert.Equal("Done", a.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using (var stored = new Npgsql.NpgsqlCommand("select client_key from grid_dispatch.tasks where id = $1", connection) { Parameters = { new() { Value = task } } })
            Assert.Equal("same-phone-key", await stored.ExecuteScalarAsync());
        // One record per try: stored with each accepted one, and the refused one's written apart (nothing else of it stored).
        await using var audit = new Npgsql.NpgsqlCommand(
            "select outcome from platform.audit_trail where action = 'ReportFeedback' and target_id = $1", connection) { Parameters = { new() { Value = task.ToString() } } };
        var outcomes = new List<string>();
        await using (var reader = await audit.ExecuteReaderAsync())
            while (await reader.ReadAsync()) outcomes.Add(reader.GetString(0));
        Assert.Equal(20, outcomes.Count(o => o == "Ok"));
        Assert.Equal(["Rejected"], outcomes.Where(o => o != "Ok").ToArray());
        // The try that stored the report wrote its record in the same transaction (same xmin as the row's).
        await using var together = new Npgsql.NpgsqlCommand("""
            select count(*) from platform.audit_trail a join grid_dispatch.tasks t on a.target_id = t.id::text and a.xmin = t.xmin
            where t.id = $1 and a.action = 'ReportFeedback' and a.outcome = 'Ok'
            """, connection) { Parameters = { new() { Value = task } } };
        Assert.Equal(1L, await together.ExecuteScalarAsync());
    }

    [Fact]
    public async Task One_report_covers_several_of_the_operators_groups_of_one_directive_all_or_none()
    {
        var city = await DispatchWorld.FreshAsync(world.CityAdmin);
        var (id, _) = await world.IssueAsync(city, DispatchWorld.Target(groups: [world.G1, world.G2]));
        var (otherDirective, _) = await world.IssueAsync(city, DispatchWorld.Target(groups: [world.G1]));
        var (g1, g2, elsewhere) = (await TaskOf(id, world.G1), await TaskOf(id, world.G2), await TaskOf(otherDirective, world.G1));
        var client = await DispatchWorld.FreshAsync(world.Operator1);
        Task<HttpResponseMessage> Send(object[] also, string key) =>
            client.PostAsJsonAsync($"/api/grid-dispatch/tasks/{g1}/feedback", new { clientKey = key, reached = 180, also });

        var missingFigure = await Send([new { taskId = g2 }], "k-a");
        var otherDirectives = await Send([new { taskId = elsewhere, reached = 20 }], "k-b");
        var both = await Send([new { taskId = g2, reached = 95 }], "k-c");

        Assert.Equal(HttpStatusCode.BadRequest, missingFigure.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherDirectives.StatusCode);
        Assert.Contains("also", await otherDirectives.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        var tasks = (await TasksOf(client, id)).ToDictionary(t => t.GetProperty("id").GetGuid());
        Assert.Equal(180, tasks[g1].GetProperty("reached").GetInt32());
        Assert.Equal(95, tasks[g2].GetProperty("reached").GetInt32());
        var untouched = (await TasksOf(client, otherDirective)).Single();
        Assert.Equal("Pending", untouched.GetProperty("status").GetString()); // refused with the first try: nothing stored
    }

    [Fact]
    public async Task A_late_report_is_accepted_and_marked_late_and_evidence_is_checked()
    {
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(groups: [world.G2]), urgency: "Emergency");
        var task = (await TasksOf(await DispatchWorld.FreshAsync(world.Operator1), id)).Single().GetProperty("id").GetGuid();
        world.Clock.Advance(TimeSpan.FromMinutes(45)); // the emergency deadline is 30 minutes
        var client = await DispatchWorld.FreshAsync(world.Operator1);

        var late = await (await Report(client, task, "late-1")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(late.GetProperty("late").GetBoolean());

        var notAnImage = new MultipartFormDataContent { { new ByteArrayContent("not a png"u8.ToArray()), "file", "x.png" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/api/grid-dispatch/tasks/{task}/evidence", notAnImage)).StatusCode);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
        var image = new MultipartFormDataContent { { new ByteArrayContent(png), "file", "shot.png" } };
        var attached = await client.PostAsync($"/api/grid-dispatch/tasks/{task}/evidence", image);
        Assert.Equal("image/png", (await attached.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task Supervision_takes_each_step_at_its_time_under_a_fake_clock()
    {
        // Urgent: deadline 4 h; remind 1 h before; overdue at the deadline; the county 1 h after; the city 2 h after.
        var streetUser = await world.UserAsync(world.StreetA2, "CountyAdmin"); // the street's own supervisor
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(groups: [world.G4]), urgency: "Urgent");
        var start = world.Clock.GetUtcNow();
        var task = await TaskOf(id, world.G4);
        var timeline = new List<string>();
        foreach (var at in new[] { 2.9, 3.1, 3.9, 4.05, 4.9, 5.05, 5.9, 6.05, 24.0 })
        {
            world.Clock.SetUtcNow(start + TimeSpan.FromHours(at));
            var admin = await DispatchWorld.FreshAsync(world.CityAdmin);
            (await admin.PostAsync("/api/grid-dispatch/supervision/run", null)).EnsureSuccessStatusCode();
            var log = await admin.GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/tasks/{task}/supervision");
            timeline.AddRange(log.EnumerateArray().Skip(timeline.Count).Select(e => $"{at}h:{e.GetProperty("step").GetString()}"));
        }

        Assert.Equal(["3.1h:remind", "4.05h:overdue", "5.05h:escalate-county", "6.05h:escalate-city"], timeline);
        await world.Host.OutboxDeliveredAsync(); // the notices go out after the steps' commit
        var street = await DispatchWorld.FreshAsync(streetUser);
        var inbox = await street.GetFromJsonAsync<JsonElement>("/api/notifications");
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("subject").GetString() == "传播任务已逾期");
    }

    [Fact]
    public async Task Reminders_reach_the_groups_own_operator_and_overdue_notices_the_nearest_level_with_a_supervisor()
    {
        var bystander = await world.UserAsync(world.A1a, "GridOperator");     // runs none of the village's groups
        var dongning = await world.UserAsync(world.CountyB, "CountyAdmin");   // 东宁一街 has no one; 东宁市 has
        var streetViewer = await world.UserAsync(world.StreetB1, "Viewer");   // at the street, but does not supervise
        // 宁安一街 and 宁安市 have no supervisor: their overdue groups go up to the city.
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin),
            DispatchWorld.Target(groups: [world.G1, world.G3, world.G5]), urgency: "Emergency");

        world.Clock.Advance(TimeSpan.FromMinutes(25)); // 10 minutes before the 30-minute deadline: remind
        (await (await DispatchWorld.FreshAsync(world.CityAdmin)).PostAsync("/api/grid-dispatch/supervision/run", null)).EnsureSuccessStatusCode();
        world.Clock.Advance(TimeSpan.FromMinutes(10)); // past it: overdue
        (await (await DispatchWorld.FreshAsync(world.CityAdmin)).PostAsync("/api/grid-dispatch/supervision/run", null)).EnsureSuccessStatusCode();

        await world.Host.OutboxDeliveredAsync();
        // Each operator heard of the task when it was issued, then of the coming deadline.
        var operator1 = await world.NoticesAsync(world.Operator1, id);
        Assert.Equal(["grid-dispatch.remind", "grid-dispatch.task"], operator1.Select(n => n.Kind).Order());
        Assert.Contains("一街甲网格群", operator1.Single(n => n.Kind == "grid-dispatch.remind").Body);
        Assert.Equal(["grid-dispatch.remind", "grid-dispatch.task"], (await world.NoticesAsync(world.Operator2, id)).Select(n => n.Kind).Order());
        Assert.Empty(await world.NoticesAsync(bystander, id));
        Assert.Empty(await world.NoticesAsync(streetViewer, id));

        var county = await world.NoticesAsync(dongning, id);
        Assert.Equal(["grid-dispatch.overdue"], county.Select(n => n.Kind));
        Assert.Equal("1 个网格群尚未反馈：东宁甲网格群", county[0].Body);
        var city = (await world.NoticesAsync(world.CityAdmin, id)).Where(n => n.Kind == "grid-dispatch.overdue").ToList();
        Assert.Single(city);
        Assert.StartsWith("2 个网格群尚未反馈：", city[0].Body);
        Assert.Contains("一街甲网格群", city[0].Body);
        Assert.Contains("一街乙村民群", city[0].Body);
        var overdue = await (await DispatchWorld.FreshAsync(world.CityAdmin))
            .GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/directives/{id}/tasks?overdue=true&pageSize=2");
        Assert.Equal(3, overdue.GetProperty("total").GetInt32());
        Assert.Equal(["一街乙村民群", "一街甲网格群"], overdue.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("groupName").GetString()));
    }

    [Fact]
    public async Task An_operators_task_list_comes_a_page_at_a_time_and_says_so_in_the_API_document()
    {
        var busy = await world.UserAsync(world.B1a, "GridOperator");
        var city = await DispatchWorld.FreshAsync(world.CityAdmin);
        var groups = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            var created = await city.PostAsJsonAsync("/api/grid-dispatch/groups", new
            {
                name = $"东宁甲{i}号楼群", kind = "Other", platform = "WeChat", orgUnitId = world.B1a, memberCount = 80,
                operators = new[] { new { name = "赵网格", phone = "13900004321", login = busy.Login } },
            });
            groups.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        await world.IssueAsync(city, DispatchWorld.Target(groups: [.. groups]));

        var client = await DispatchWorld.FreshAsync(busy);
        var pages = new List<JsonElement>();
        for (var page = 1; page <= 3; page++)
            pages.Add(await client.GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/tasks/mine?page={page}&pageSize=2"));

        Assert.All(pages, p => Assert.Equal(5, p.GetProperty("total").GetInt32()));
        Assert.Equal([2, 2, 1], pages.Select(p => p.GetProperty("items").GetArrayLength()));
        var seen = pages.SelectMany(p => p.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("groupId").GetGuid())).ToList();
        Assert.Equal(groups.Order(), seen.Order()); // every task once: no page repeats another
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/grid-dispatch/tasks/mine?pageSize=201")).StatusCode);

        var document = await world.Host.AnonymousClient.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var mine = document.GetProperty("paths").GetProperty("/api/grid-dispatch/tasks/mine").GetProperty("get");
        Assert.Contains("50 by default, at most 200", mine.GetProperty("description").GetString());
        Assert.Contains(mine.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "pageSize");
        foreach (var list in new[] { "/api/grid-dispatch/directives", "/api/grid-dispatch/groups", "/api/grid-dispatch/directives/{id}/tasks" })
            Assert.StartsWith("Paged:", document.GetProperty("paths").GetProperty(list).GetProperty("get").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Two_host_instances_on_one_database_take_each_step_exactly_once()
    {
        await using var second = await TestHost.StartOnAsync(world.Host.ConnectionString, PluginFolder.With("directory", "grid-dispatch"), world.Clock);
        var (id, tasks) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(), urgency: "Emergency");
        world.Clock.Advance(TimeSpan.FromHours(2)); // every step of every open emergency task is due
        var a = await DispatchWorld.FreshAsync(world.CityAdmin);
        var b = second.NewClient();
        await b.SignInAsync(world.CityAdmin.Login, "User#Pass-2026");

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? a : b).PostAsync("/api/grid-dispatch/supervision/run", null)));
        Assert.All(runs, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(
            "select count(*), count(distinct (task_id, step)) from grid_dispatch.supervision_log where directive_id = $1", connection)
            { Parameters = { new() { Value = id } } };
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0)); // no step twice
        Assert.Equal(tasks * 4, reader.GetInt64(0));          // and every step once
    }

    private async Task<Guid> TaskOf(Guid directive, Guid group)
    {
        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select id from grid_dispatch.tasks where directive_id = $1 and group_id = $2", connection)
            { Parameters = { new() { Value = directive }, new() { Value = group } } };
        return (Guid)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<List<JsonElement>> TasksOf(HttpClient client, Guid directive) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/grid-dispatch/tasks/mine?pageSize=200")).GetProperty("items").EnumerateArray()
        .Where(t => t.GetProperty("directiveId").GetGuid() == directive).ToList();

    private static Task<HttpResponseMessage> Report(HttpClient client, Guid task, string key) =>
        client.PostAsJsonAsync($"/api/grid-dispatch/tasks/{task}/feedback", new { clientKey = key, reached = 180, note = "已转发" });
}
