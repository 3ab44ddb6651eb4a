using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

/// <summary>Progress as the office reads it beside 考评 (a world of its own: 考评 counts every task of its period).</summary>
public sealed class ProgressTests(DispatchWorld world) : IClassFixture<DispatchWorld>
{
    [Fact]
    public async Task Progress_counts_done_late_unable_and_overdue_apart_as_the_evaluation_does_in_the_directorys_order()
    {
        var countyAdmin = await world.UserAsync(world.CountyA, "CountyAdmin");
        // 考评 counts every task due in its period, the other tests' too (their order is not fixed): compare what this
        // directive adds to one fixed period.
        var period = $"from={world.Clock.GetUtcNow().AddDays(-1):yyyy-MM-dd}&to={world.Clock.GetUtcNow().AddDays(4):yyyy-MM-dd}";
        var evaluationBefore = await EvaluationAsync(await DispatchWorld.FreshAsync(world.CityAdmin), period, world.CountyA);
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target());
        var op1 = await DispatchWorld.FreshAsync(world.Operator1);
        var mine = await TasksAsync(op1, id);
        (await op1.PostAsJsonAsync($"/api/grid-dispatch/tasks/{mine[world.G1]}/feedback", new { clientKey = "p1", reached = 150 })).EnsureSuccessStatusCode();
        (await op1.PostAsJsonAsync($"/api/grid-dispatch/tasks/{mine[world.G2]}/feedback", new { clientKey = "p2", unable = true, unableReason = "群已解散" })).EnsureSuccessStatusCode();
        world.Clock.Advance(TimeSpan.FromHours(49)); // past the routine 48 h
        var op2 = await DispatchWorld.FreshAsync(world.Operator2);
        (await op2.PostAsJsonAsync($"/api/grid-dispatch/tasks/{(await TasksAsync(op2, id))[world.G3]}/feedback", new { clientKey = "p3", reached = 90 }))
            .EnsureSuccessStatusCode();

        var city = await DispatchWorld.FreshAsync(world.CityAdmin);
        var progress = await city.GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/directives/{id}/progress");
        Assert.Equal([6, 2, 1, 1, 3, 0], Figures(progress));
        Assert.Equal(["宁安市", "宁安一街", "宁安二街", "东宁市", "东宁一街"], Names(progress)); // by code, streets under their county
        Assert.Equal(2, progress.GetProperty("chartLevel").GetInt32());
        var ningan = progress.GetProperty("units").EnumerateArray().First();
        Assert.Equal([4, 2, 1, 1, 1, 0], Figures(ningan));

        var evaluation = await EvaluationAsync(city, period, world.CountyA);
        foreach (var figure in new[] { "done", "late", "unable" })
            Assert.Equal(ningan.GetProperty(figure).GetInt32(), evaluation.GetProperty(figure).GetInt32() - evaluationBefore.GetProperty(figure).GetInt32());

        // A county sees itself and its streets, and compares its streets.
        var county = await (await DispatchWorld.FreshAsync(countyAdmin)).GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/directives/{id}/progress");
        Assert.Equal(["宁安市", "宁安一街", "宁安二街"], Names(county));
        Assert.Equal(3, county.GetProperty("chartLevel").GetInt32());
        Assert.Equal([4, 2, 1, 1, 1, 0], Figures(county));

        // The directives list gives the county its share (4 of the 6 tasks), as the directive's page does; the city the whole.
        Assert.Equal("4", TasksCell(await PageAsync(countyAdmin.Login, "/grid-dispatch/directives"), id));
        Assert.Equal("6", TasksCell(await PageAsync(world.CityAdmin.Login, "/grid-dispatch/directives"), id));

        // The page: the figures apart, and no 签收 column for a directive sent straight to the groups.
        var page = await PageAsync(world.CityAdmin.Login, $"/grid-dispatch/directives/{id}");
        Assert.Contains("类别：", page); // category and urgency are labelled (both read 一般 otherwise)
        Assert.Contains("逾期未反馈", page);
        Assert.Contains("其中逾期完成", page);
        Assert.DoesNotContain(">签收<", page);
        var table = page[page.IndexOf("<table", StringComparison.Ordinal)..];
        Assert.True(table.IndexOf("宁安二街", StringComparison.Ordinal) < table.IndexOf("东宁市", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_relayed_directives_progress_page_shows_who_signed_and_its_unsigned_tasks_count_in_the_evaluation()
    {
        var city = await DispatchWorld.FreshAsync(world.CityAdmin);
        var before = await AssignedAsync(city, world.CountyB);
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(units: [world.CountyB]), delivery: "Relay");

        var page = await PageAsync(world.CityAdmin.Login, $"/grid-dispatch/directives/{id}");

        Assert.Contains(">签收<", page);
        Assert.Contains("未签收", page);
        // Nobody below signed: the county's tasks are still held, and 考评 counts them as progress does (assigned, not
        // done), so a county that never forwards cannot score better than one that does.
        var progress = await city.GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/directives/{id}/progress");
        var held = progress.GetProperty("units").EnumerateArray().First(u => u.GetProperty("name").GetString() == "东宁市").GetProperty("tasks").GetInt32();
        Assert.True(held > 0);
        Assert.Equal(before + held, await AssignedAsync(city, world.CountyB));
    }

    [Fact]
    public async Task An_operators_tasks_list_open_work_first_the_most_urgent_at_the_top_then_reported_work()
    {
        var city = await DispatchWorld.FreshAsync(world.CityAdmin);
        var (routine, _) = await world.IssueAsync(city, DispatchWorld.Target(groups: [world.G1]));
        var (emergency, _) = await world.IssueAsync(city, DispatchWorld.Target(groups: [world.G1]), urgency: "Emergency");
        var (reported, _) = await world.IssueAsync(city, DispatchWorld.Target(groups: [world.G2]));
        var op1 = await DispatchWorld.FreshAsync(world.Operator1);
        (await op1.PostAsJsonAsync($"/api/grid-dispatch/tasks/{(await TasksAsync(op1, reported))[world.G2]}/feedback", new { clientKey = "o1", reached = 10 }))
            .EnsureSuccessStatusCode();

        var items = (await op1.GetFromJsonAsync<JsonElement>("/api/grid-dispatch/tasks/mine?pageSize=200")).GetProperty("items").EnumerateArray().ToList();
        var order = items.Select(t => t.GetProperty("directiveId").GetGuid()).ToList();
        var open = items.Select(t => t.GetProperty("status").GetString() == "Pending").ToList();

        Assert.True(order.IndexOf(emergency) < order.IndexOf(routine)); // 特急 above 一般, though issued later
        Assert.True(order.IndexOf(routine) < order.IndexOf(reported));
        Assert.Equal(open.OrderByDescending(o => o), open); // every open task before every reported one
    }

    private async Task<JsonElement> EvaluationAsync(HttpClient city, string period, Guid county) =>
        (await city.GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/evaluation?parent={world.City}&{period}"))
        .EnumerateArray().Single(u => u.GetProperty("unit").GetGuid() == county);

    private async Task<int> AssignedAsync(HttpClient city, Guid county) =>
        (await city.GetFromJsonAsync<JsonElement>(
            $"/api/grid-dispatch/evaluation?parent={world.City}&from={world.Clock.GetUtcNow().AddDays(-3):yyyy-MM-dd}&to={world.Clock.GetUtcNow().AddDays(60):yyyy-MM-dd}"))
        .EnumerateArray().Single(u => u.GetProperty("unit").GetGuid() == county).GetProperty("assigned").GetInt32();

    /// <summary>The 任务数 cell of the directive's row in the directives list.</summary>
    private static string TasksCell(string list, Guid directive)
    {
        var row = list[list.IndexOf($"/grid-dispatch/directives/{directive}", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        var cell = row[(row.IndexOf("data-label=\"任务数\">", StringComparison.Ordinal) + "data-label=\"任务数\">".Length)..];
        return cell[..cell.IndexOf("</td>", StringComparison.Ordinal)];
    }

    private static int[] Figures(JsonElement p) =>
        new[] { "tasks", "done", "late", "unable", "overdue", "pending" }.Select(f => p.GetProperty(f).GetInt32()).ToArray();

    private static string[] Names(JsonElement p) => p.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("name").GetString()!).ToArray();

    private static async Task<Dictionary<Guid, Guid>> TasksAsync(HttpClient operatorClient, Guid directive) =>
        (await operatorClient.GetFromJsonAsync<JsonElement>("/api/grid-dispatch/tasks/mine?pageSize=200")).GetProperty("items").EnumerateArray()
        .Where(t => t.GetProperty("directiveId").GetGuid() == directive)
        .ToDictionary(t => t.GetProperty("groupId").GetGuid(), t => t.GetProperty("id").GetGuid());

    private async Task<string> PageAsync(string login, string url)
    {
        var browser = new CookieClient(world.Host);
        (await browser.PostJson("/api/auth/sign-in", new { login, password = "User#Pass-2026" })).EnsureSuccessStatusCode();
        var page = await browser.Get(url);
        page.EnsureSuccessStatusCode();
        return await page.Content.ReadAsStringAsync();
    }
}
