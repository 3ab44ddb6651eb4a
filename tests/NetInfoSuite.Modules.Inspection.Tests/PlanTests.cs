using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>Plans: the built-in template, targets within the plan's unit, indicators checked, copies into the next year.</summary>
public sealed class PlanTests(InspectionWorld world) : IClassFixture<InspectionWorld>
{
    private const string Api = "/api/inspection";

    [Fact]
    public async Task The_government_new_media_template_gives_three_vetoes_deductions_from_100_and_a_bonus_of_20_at_80()
    {
        var inspector = await FreshAsync(world.Inspector);
        var plan = await PlanAsync(inspector, "2026年度政务新媒体检查", "gov-new-media");

        var view = await Ok(inspector.GetAsync($"{Api}/plans/{plan}"));
        var leaves = view.GetProperty("indicators").EnumerateArray().Where(i => i.GetProperty("leaf").GetBoolean()).ToList();
        var vetoes = leaves.Where(i => i.GetProperty("method").GetString() == "Veto").ToList();

        Assert.Equal(100, view.GetProperty("fullMarks").GetDouble());
        Assert.Equal(3, vetoes.Count);
        Assert.Contains(vetoes, v => v.GetProperty("source").GetString() == "matrix.dormant");
        Assert.Contains(vetoes, v => v.GetProperty("source").GetString() == "matrix.unanswered");
        Assert.Contains(vetoes, v => v.GetProperty("source").ValueKind == JsonValueKind.Null); // security or leaks: judged by hand
        Assert.Equal(20, leaves.Where(i => i.GetProperty("method").GetString() == "Bonus").Sum(i => i.GetProperty("points").GetDouble()));
        Assert.Equal(80, view.GetProperty("bonusThreshold").GetDouble());
        Assert.Equal(20, view.GetProperty("bonusCap").GetDouble());
        Assert.Equal("不合格", view.GetProperty("grades").EnumerateArray().Last().GetProperty("name").GetString());
        Assert.Equal(60, view.GetProperty("grades").EnumerateArray().Reverse().Skip(1).First().GetProperty("min").GetDouble());
    }

    [Fact]
    public async Task Targets_are_units_below_the_plans_unit_each_in_one_group_only()
    {
        var countyB = await FreshAsync(world.CountyAdminB);
        var plan = await PlanAsync(countyB, "东宁市街道考评");

        var outside = await countyB.PostAsJsonAsync($"{Api}/plans/{plan}/groups", new { name = "街道", units = new[] { world.StreetA1 } });
        var empty = await countyB.PostAsJsonAsync($"{Api}/plans/{plan}/groups", new { name = "", units = new[] { world.CountyB } });

        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("units", await outside.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("name", (await empty.Content.ReadAsStringAsync()).ToLowerInvariant());
        Assert.Empty((await Ok(countyB.GetAsync($"{Api}/plans/{plan}"))).GetProperty("groups").EnumerateArray());

        var inspector = await FreshAsync(world.Inspector);
        var cityPlan = await PlanAsync(inspector, "县区考评");
        await GroupAsync(inspector, cityPlan, "县（市、区）", world.CountyA, world.CountyB);
        var twice = await inspector.PostAsJsonAsync($"{Api}/plans/{cityPlan}/groups", new { name = "重复", units = new[] { world.CountyA } });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("宁安市", await twice.Content.ReadAsStringAsync());
        // 东宁's admin neither sees nor changes the city's plan.
        Assert.Equal(HttpStatusCode.NotFound, (await countyB.GetAsync($"{Api}/plans/{cityPlan}")).StatusCode);
    }

    [Fact]
    public async Task An_indicator_needs_a_figure_that_suits_its_method_and_a_deduction_its_points_per_finding()
    {
        var inspector = await FreshAsync(world.Inspector);
        var plan = await PlanAsync(inspector, "指标校验");

        async Task<string> Refused(object body)
        {
            var response = await inspector.PostAsJsonAsync($"{Api}/plans/{plan}/indicators", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadAsStringAsync()).ToLowerInvariant();
        }

        Assert.Contains("source", await Refused(new { name = "自动无来源", points = 10, method = "Auto" }));
        Assert.Contains("source", await Refused(new { name = "僵尸号计满分", points = 10, method = "Auto", source = "matrix.dormant" }));
        Assert.Contains("source", await Refused(new { name = "发文扣分", points = 10, method = "Deduction", source = "matrix.posts", parameter = 2 }));
        Assert.Contains("parameter", await Refused(new { name = "扣分无每处分值", points = 10, method = "Deduction" }));
        Assert.Contains("source", await Refused(new { name = "未知来源", points = 10, method = "Deduction", source = "nothing.here", parameter = 1 }));
        Assert.Contains("parent", await Refused(new { name = "无上级", points = 10, method = "Manual", parent = Guid.NewGuid() }));
        Assert.Empty((await Ok(inspector.GetAsync($"{Api}/plans/{plan}"))).GetProperty("indicators").EnumerateArray());
    }

    [Fact]
    public async Task A_plan_copied_into_the_next_year_brings_its_targets_indicators_and_rules()
    {
        var inspector = await FreshAsync(world.Inspector);
        var plan = await PlanAsync(inspector, "2026年度考评", "gov-new-media");
        await GroupAsync(inspector, plan, "县（市、区）", world.CountyA, world.CountyB);

        var copy = (await Ok(inspector.PostAsJsonAsync($"{Api}/plans", new { name = "2027年度考评", year = 2027, copyFrom = plan }))).GetProperty("id").GetGuid();
        var (before, after) = (await Ok(inspector.GetAsync($"{Api}/plans/{plan}")), await Ok(inspector.GetAsync($"{Api}/plans/{copy}")));

        Assert.Equal(2027, after.GetProperty("year").GetInt32());
        Assert.Equal("2027-01-01", after.GetProperty("from").GetString());
        Assert.Equal(Names(before, "indicators"), Names(after, "indicators"));
        Assert.Equal(["宁安市", "东宁市"], after.GetProperty("groups")[0].GetProperty("units").EnumerateArray().Select(u => u.GetProperty("name").GetString()));
        Assert.Equal(before.GetProperty("fullMarks").GetDouble(), after.GetProperty("fullMarks").GetDouble());
        Assert.NotEqual(Ids(before), Ids(after)); // the copy's own indicators: changing one leaves last year's plan alone
    }

    [Fact]
    public async Task The_plan_pages_show_the_tree_targets_and_scores_in_chinese()
    {
        var inspector = await FreshAsync(world.Inspector);
        var plan = await PlanAsync(inspector, "页面方案", "gov-new-media");
        await GroupAsync(inspector, plan, "县（市、区）", world.CountyA, world.CountyB);

        var list = await inspector.GetStringAsync("/inspection/plans");
        var editor = await inspector.GetStringAsync($"/inspection/plans/{plan}");
        var sheet = await inspector.GetStringAsync($"/inspection/plans/{plan}/scores");
        var card = await inspector.GetStringAsync($"/inspection/plans/{plan}/cards/{world.CountyA}");

        Assert.Contains("页面方案", list);
        Assert.Contains("href=\"/inspection/plans\"", list); // its navigation link
        Assert.Contains("内容不更新", editor);
        Assert.Contains("单项否决", editor);
        Assert.Contains("新媒体矩阵 · 僵尸号（两周未更新）数", editor);
        Assert.Contains("宁安市、东宁市", editor);
        Assert.Contains($"/inspection/plans/{plan}/cards/{world.CountyA}", sheet);
        Assert.Contains("导出 Excel", sheet);
        Assert.Contains("GetDormantAccountsOfUnit", card);
        Assert.Contains("组内名次", card);
    }

    private static List<string?> Names(JsonElement plan, string list) => plan.GetProperty(list).EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();

    private static List<Guid> Ids(JsonElement plan) => plan.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
}
