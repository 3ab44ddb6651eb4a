using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

/// <summary>A province-wide tree: 黑龙江省 → 牡丹江市 → 宁安市 → 宁安一街 → 一街甲社区 (groups P1 网格群 and P2 居民群, run by
/// operator 1) and 黑龙江省 → 鸡西市 → 鸡冠区 → 鸡冠一街 → 鸡冠甲社区 (group P3). <see cref="DispatchWorld.CityAdmin"/> is
/// the province's office here; 牡丹江市 has an office of its own, 鸡西市 none.</summary>
public sealed class ProvinceWorld(PostgresServer postgres) : DispatchWorld(postgres)
{
    public Guid Province, Mudanjiang, Jixi, Jiguan, JiguanStreet, P1, P2, P3;
    public (HttpClient Client, string Login) MudanjiangAdmin;

    protected override async Task BuildAsync()
    {
        Province = await Unit("230000", "黑龙江省", "Province", null);
        Mudanjiang = await Unit("231000", "牡丹江市", "City", Province);
        Jixi = await Unit("230300", "鸡西市", "City", Province);
        CountyA = await Unit("231084", "宁安市", "County", Mudanjiang);
        StreetA1 = await Unit("231084001", "宁安一街", "Street", CountyA);
        A1a = await Unit("231084001001", "一街甲社区", "Community", StreetA1);
        Jiguan = await Unit("230302", "鸡冠区", "County", Jixi);
        JiguanStreet = await Unit("230302001", "鸡冠一街", "Street", Jiguan);
        var jiguanCommunity = await Unit("230302001001", "鸡冠甲社区", "Community", JiguanStreet);
        CityAdmin = await UserAsync(Province, "CityAdmin");
        MudanjiangAdmin = await UserAsync(Mudanjiang, "CityAdmin");
        Operator1 = await UserAsync(A1a, "GridOperator");
        P1 = await Group("一街甲网格群", "GridGroup", A1a, Operator1.Login);
        P2 = await Group("一街甲居民群", "Residents", A1a, Operator1.Login);
        P3 = await Group("鸡冠甲网格群", "GridGroup", jiguanCommunity, null);
    }
}

public sealed class ProvinceDispatchTests(ProvinceWorld world) : IClassFixture<ProvinceWorld>
{
    [Fact]
    public async Task A_province_directive_goes_straight_to_every_citys_groups_and_progress_rolls_up_per_city()
    {
        var (id, tasks) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target());

        Assert.Equal(3, tasks);
        var province = await (await DispatchWorld.FreshAsync(world.CityAdmin)).GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/directives/{id}/progress");
        var units = Units(province);
        // By code, as the directory lists them: 鸡西市 230300 before 牡丹江市 231000, each city's counties and streets under it.
        Assert.Equal([("鸡西市", 1, 1), ("鸡冠区", 2, 1), ("鸡冠一街", 3, 1), ("牡丹江市", 1, 2), ("宁安市", 2, 2), ("宁安一街", 3, 2)],
            units.Select(u => (u.Name, u.Level, u.Tasks)));
        Assert.Equal(1, province.GetProperty("chartLevel").GetInt32()); // the cities are what a province compares
        Assert.All(units, u => Assert.True(u.Received)); // directly: every level has it at once

        // A city's office reads its own city only; the operator has the tasks at once.
        var city = await (await DispatchWorld.FreshAsync(world.MudanjiangAdmin)).GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/directives/{id}/progress");
        Assert.Equal(2, city.GetProperty("tasks").GetInt32());
        Assert.Equal(["牡丹江市", "宁安市", "宁安一街"], Units(city).Select(u => u.Name));
        var mine = await (await DispatchWorld.FreshAsync(world.Operator1)).GetFromJsonAsync<JsonElement>("/api/grid-dispatch/tasks/mine?pageSize=200");
        Assert.Equal(2, mine.GetProperty("items").EnumerateArray().Count(t => t.GetProperty("directiveId").GetGuid() == id));
    }

    [Fact]
    public async Task A_province_directive_cannot_be_relayed_level_by_level_for_now()
    {
        var draft = await (await DispatchWorld.FreshAsync(world.CityAdmin)).PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "逐级转发", body = "请逐级转发。", category = "AntiFraud", urgency = "Routine", target = DispatchWorld.Target(), delivery = "Relay",
        });

        Assert.Equal(HttpStatusCode.BadRequest, draft.StatusCode);
        var errors = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("localizedErrors").GetProperty("zh-CN");
        Assert.Equal("省级指令暂只能直达网格群，不能逐级转发", errors.GetProperty("delivery")[0].GetString());
    }

    [Fact]
    public async Task A_city_of_a_province_relays_to_its_counties_as_a_city_does()
    {
        // Its path is one deeper than a one-city tree's city: by depth it would pass for a county and sign for its counties.
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.MudanjiangAdmin), DispatchWorld.Target(), delivery: "Relay");

        var units = Units(await (await DispatchWorld.FreshAsync(world.MudanjiangAdmin)).GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/directives/{id}/progress"));
        Assert.Equal([("宁安市", 2, true, false), ("宁安一街", 3, false, false)], units.Select(u => (u.Name, u.Level, u.Received, u.Signed)));
        var mine = await (await DispatchWorld.FreshAsync(world.Operator1)).GetFromJsonAsync<JsonElement>("/api/grid-dispatch/tasks/mine?pageSize=200");
        Assert.DoesNotContain(mine.GetProperty("items").EnumerateArray(), t => t.GetProperty("directiveId").GetGuid() == id); // held until the street forwards
    }

    [Fact]
    public async Task The_evaluation_under_the_province_ranks_its_cities()
    {
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(groups: [world.P1, world.P3]));
        var op1 = await DispatchWorld.FreshAsync(world.Operator1);
        var task = (await op1.GetFromJsonAsync<JsonElement>("/api/grid-dispatch/tasks/mine?pageSize=200")).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("directiveId").GetGuid() == id).GetProperty("id").GetGuid();
        (await op1.PostAsJsonAsync($"/api/grid-dispatch/tasks/{task}/feedback", new { clientKey = "prov", reached = 200 })).EnsureSuccessStatusCode();

        var now = world.Clock.GetUtcNow();
        var rows = (await (await DispatchWorld.FreshAsync(world.CityAdmin)).GetFromJsonAsync<JsonElement>(
            $"/api/grid-dispatch/evaluation?parent={world.Province}&from={now.AddDays(-3):yyyy-MM-dd}&to={now.AddDays(3):yyyy-MM-dd}")).EnumerateArray().ToList();

        Assert.Equal(["牡丹江市", "鸡西市"], rows.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(1, rows[0].GetProperty("done").GetInt32());
        Assert.True(rows[0].GetProperty("score").GetDouble() > rows[1].GetProperty("score").GetDouble());
        Assert.Equal(0, rows[1].GetProperty("done").GetInt32());
        Assert.True(rows[1].GetProperty("assigned").GetInt32() >= 1);
    }

    [Fact]
    public async Task Overdue_work_climbs_to_the_city_then_the_province()
    {
        // 牡丹江市 has a supervisor; nothing below the province does in 鸡西市.
        var (id, _) = await world.IssueAsync(await DispatchWorld.FreshAsync(world.CityAdmin), DispatchWorld.Target(groups: [world.P1, world.P3]),
            urgency: "Emergency");

        world.Clock.Advance(TimeSpan.FromMinutes(35)); // past the 30-minute deadline: overdue
        (await (await DispatchWorld.FreshAsync(world.CityAdmin)).PostAsync("/api/grid-dispatch/supervision/run", null)).EnsureSuccessStatusCode();
        await world.Host.OutboxDeliveredAsync();

        var city = (await world.NoticesAsync(world.MudanjiangAdmin, id)).Where(n => n.Kind == "grid-dispatch.overdue").ToList();
        Assert.Equal(["1 个网格群尚未反馈：一街甲网格群"], city.Select(n => n.Body));
        var province = (await world.NoticesAsync(world.CityAdmin, id)).Where(n => n.Kind == "grid-dispatch.overdue").ToList();
        Assert.Equal(["1 个网格群尚未反馈：鸡冠甲网格群"], province.Select(n => n.Body));
    }

    private static List<(string Name, int Level, int Tasks, bool Received, bool Signed)> Units(JsonElement progress) =>
        progress.GetProperty("units").EnumerateArray().Select(u => (u.GetProperty("name").GetString()!, u.GetProperty("level").GetInt32(),
            u.GetProperty("tasks").GetInt32(), u.GetProperty("receivedAt").ValueKind != JsonValueKind.Null,
            u.GetProperty("signedAt").ValueKind != JsonValueKind.Null)).ToList();
}
