using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>Every module feeding inspection deployed.</summary>
public sealed class EveryModuleWorld(PostgresServer postgres) : InspectionWorld(postgres)
{
    protected override string[] Plugins => ["directory", "inspection", "account-matrix", "compliance", "grid-dispatch", "netizen-registry"];
}

/// <summary>A year's work recorded in the account matrix, grid dispatch, compliance and the netizen registry, and the
/// automatic scores it produces for 宁安市 and 东宁市, each computed by hand below.</summary>
public sealed class WholeYearTests(EveryModuleWorld world) : IClassFixture<EveryModuleWorld>
{
    [Fact]
    public async Task The_other_modules_records_produce_the_expected_automatic_scores()
    {
        var city = await FreshAsync(world.CityAdmin);
        var approver = await FreshAsync(await world.UserAsync(world.City, "CityAdmin"));
        // The account matrix: 宁安 posts on 5 days, 东宁 on 10 (both within the last two weeks: neither is dormant).
        var ningan = await world.ActiveAccountAsync(world.CountyA, "宁安发布");
        var dongning = await world.ActiveAccountAsync(world.CountyB, "东宁发布");
        await world.PostsAsync(ningan, Enumerable.Range(0, 5).Select(d => new DateOnly(2026, 5, 25).AddDays(d)).ToArray());
        await world.PostsAsync(dongning, Enumerable.Range(0, 10).Select(d => new DateOnly(2026, 5, 20).AddDays(d)).ToArray());
        // The netizen registry: 宁安 keeps two personalities, one of them honoured; 东宁 one.
        var ninganEditor = await FreshAsync(world.EditorA);
        var dongningEditor = await FreshAsync(await world.UserAsync(world.CountyB, "Editor"));
        var person = await Profile(ninganEditor, "镜泊雪", world.CountyA);
        await Profile(ninganEditor, "宁安小记者", world.CountyA);
        await Profile(dongningEditor, "东宁边城", world.CountyB);
        await Ok(ninganEditor.PostAsJsonAsync($"/api/netizen-registry/profiles/{person}/honours",
            new { title = "牡丹江市好网民", level = "City", issuer = "牡丹江市委网信办", awardedOn = "2026-05-30" }));
        // Grid dispatch: one group under each county; 宁安's operator reports in time, 东宁's never does.
        var ninganCommunity = await world.NewUnitAsync("231084001001", "一街社区", "Community", world.StreetA1);
        var dongningStreet = await world.NewUnitAsync("231086001", "东宁一街", "Street", world.CountyB);
        var dongningCommunity = await world.NewUnitAsync("231086001001", "东宁社区", "Community", dongningStreet);
        var operatorA = await world.UserAsync(ninganCommunity, "GridOperator");
        await Group(city, "宁安一街社区网格群", ninganCommunity, operatorA.Login);
        await Group(city, "东宁社区网格群", dongningCommunity, null);
        var directive = (await Ok(city.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "反诈提醒", body = "请转发到各群：谨防冒充客服退款诈骗。", category = "AntiFraud", urgency = "Routine", delivery = "Direct",
            target = new { orgUnits = new[] { world.CountyA, world.CountyB }, kinds = Array.Empty<string>(), groups = Array.Empty<Guid>(), accounts = Array.Empty<Guid>() },
        }))).GetProperty("id").GetGuid();
        await Ok(approver.PostAsync($"/api/grid-dispatch/directives/{directive}/approve", null));
        await Ok(city.PostAsync($"/api/grid-dispatch/directives/{directive}/issue", null));
        var op = await FreshAsync(operatorA);
        var task = (await Ok(op.GetAsync("/api/grid-dispatch/tasks/mine?pageSize=200"))).GetProperty("items")[0].GetProperty("id").GetGuid();
        await Ok(op.PostAsJsonAsync($"/api/grid-dispatch/tasks/{task}/feedback", new { clientKey = "k1", reached = 200 }));
        // Compliance: a notice to 东宁 that passes its deadline unanswered.
        await Ok(city.PostAsJsonAsync("/api/compliance/notices", new
        {
            recipient = world.CountyB, subject = "东宁市政府网首页长期未更新", problems = "首页 30 天未更新。", requirements = "立即更新。",
            deadline = world.Today.AddDays(1).ToString("yyyy-MM-dd"), cases = Array.Empty<Guid>(),
        }));
        world.Clock.Advance(TimeSpan.FromDays(3)); // past the directive's 48 hours and the notice's deadline

        var inspector = await FreshAsync(world.Inspector);
        var plan = await PlanAsync(inspector, "全年度考评");
        var posts = await IndicatorAsync(inspector, plan, "发文数量", 20, "Auto", "matrix.posts", 10);
        var replies = await IndicatorAsync(inspector, plan, "留言回复", 10, "Auto", "matrix.reply-rate");
        var completion = await IndicatorAsync(inspector, plan, "指令完成", 20, "Auto", "grid.completion");
        var gridScore = await IndicatorAsync(inspector, plan, "网格考评", 10, "Auto", "grid.score");
        var overdue = await IndicatorAsync(inspector, plan, "整改落实", 20, "Deduction", "compliance.overdue", 10);
        var people = await IndicatorAsync(inspector, plan, "联系网络人士", 10, "Auto", "netizen.personalities", 2);
        var honours = await IndicatorAsync(inspector, plan, "好网民培育", 10, "Auto", "netizen.good-netizens", 1);
        var dormant = await IndicatorAsync(inspector, plan, "内容不更新", 0, "Veto", "matrix.dormant");
        await GroupAsync(inspector, plan, "县（市、区）", world.CountyA, world.CountyB);

        var a = await CardAsync(inspector, plan, world.CountyA);
        var b = await CardAsync(inspector, plan, world.CountyB);

        // 宁安市: posts 5 of 10 → 10; no messages → 10; 1 of 1 task done → 20; grid score 100 → 10; no overdue notice → 20;
        // 2 personalities of 2 → 10; 1 honour of 1 → 10. Total 90.
        Assert.Equal(new double[] { 10, 10, 20, 10, 20, 10, 10 }, Points(a, posts, replies, completion, gridScore, overdue, people, honours));
        Assert.Equal(90, a.GetProperty("total").GetDouble(), 6);
        // 东宁市: posts 10 → 20; no messages → 10; 0 of 1 task → 0; grid score 0 → 0; one overdue notice → 20 − 10 = 10;
        // 1 personality of 2 → 5; no honour → 0. Total 45.
        Assert.Equal(new double[] { 20, 10, 0, 0, 10, 5, 0 }, Points(b, posts, replies, completion, gridScore, overdue, people, honours));
        Assert.Equal(45, b.GetProperty("total").GetDouble(), 6);
        Assert.Equal((1, 2), (a.GetProperty("rank").GetInt32(), b.GetProperty("rank").GetInt32()));
        Assert.Equal("Passed", Entry(a, dormant).GetProperty("state").GetString());
        Assert.Equal(0, Entry(b, dormant).GetProperty("value").GetDouble());
        Assert.Contains("GetUnitEvaluations", Entry(a, completion).GetProperty("origin").GetString());
        Assert.Contains("GetNetizenSummary", Entry(a, people).GetProperty("origin").GetString());
        Assert.Contains("GetComplianceSummary", Entry(b, overdue).GetProperty("origin").GetString());
        Assert.Contains("本期无网民留言", Entry(a, replies).GetProperty("note").GetString());
    }

    private static double[] Points(JsonElement card, params Guid[] indicators) =>
        indicators.Select(i => Math.Round(Entry(card, i).GetProperty("points").GetDouble(), 6)).ToArray();

    private static async Task<Guid> Profile(HttpClient editor, string alias, Guid unit) =>
        (await Ok(editor.PostAsJsonAsync("/api/netizen-registry/profiles", new
        {
            alias, field = "SelfMedia", unitId = unit, consent = "NotInformed",
            platforms = new[] { new { platform = "Douyin", handle = "h" + Guid.NewGuid().ToString("N")[..8], followers = 12000 } },
        }))).GetProperty("id").GetGuid();

    private static Task<JsonElement> Group(HttpClient city, string name, Guid unit, string? login) =>
        Ok(city.PostAsJsonAsync("/api/grid-dispatch/groups", new
        {
            name, kind = "GridGroup", platform = "WeChat", orgUnitId = unit, memberCount = 200,
            operators = new[] { new { name = "张网格", phone = "13900001234", login } },
        }));
}
