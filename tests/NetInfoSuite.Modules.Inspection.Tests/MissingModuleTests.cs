using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>Inspection deployed without the account matrix: an indicator it feeds says so, and the plan's rule decides
/// (left out with the total rescaled, or scored by hand). Never an error, never a silent zero.</summary>
public sealed class MissingModuleTests(InspectionAloneWorld world) : IClassFixture<InspectionAloneWorld>
{
    private const string Api = "/api/inspection";

    private async Task<(Guid Plan, Guid Manual, Guid Deduction, Guid Auto)> PlanAsync(HttpClient inspector, string rule)
    {
        var plan = await InspectionWorld.PlanAsync(inspector, $"缺模块：{rule}");
        var ids = (await IndicatorAsync(inspector, plan, "工作机制", 40, "Manual"), await IndicatorAsync(inspector, plan, "内容质量", 30, "Deduction", parameter: 5),
            await IndicatorAsync(inspector, plan, "发文数量", 30, "Auto", "matrix.posts", 10));
        await Ok(inspector.PutAsJsonAsync($"{Api}/plans/{plan}", new
        {
            name = $"缺模块：{rule}", year = 2026, from = "2026-01-01", to = "2026-12-31", bonusThreshold = 0, bonusCap = 0, missingSource = rule,
            grades = new[] { new { name = "合格", min = 60 }, new { name = "不合格", min = 0 } },
        }));
        await GroupAsync(inspector, plan, "县（市、区）", world.CountyA);
        await EnterAsync(inspector, plan, world.CountyA, ids.Item1, 30);
        await EnterAsync(inspector, plan, world.CountyA, ids.Item2, findings: 1);
        return (plan, ids.Item1, ids.Item2, ids.Item3);
    }

    [Fact]
    public async Task Left_out_the_indicator_says_its_module_is_missing_and_the_total_is_rescaled()
    {
        var inspector = await FreshAsync(world.Inspector);
        var (plan, _, _, auto) = await PlanAsync(inspector, "Rescale");

        var card = await CardAsync(inspector, plan, world.CountyA);
        var entry = Entry(card, auto);

        Assert.Equal("LeftOut", entry.GetProperty("state").GetString());
        Assert.True(entry.GetProperty("unavailable").GetBoolean());
        Assert.Contains("新媒体矩阵模块未部署", entry.GetProperty("note").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("points").ValueKind);
        // (30 + 25) of the 70 points that count, scaled to the plan's 100.
        Assert.Equal(55.0 * 100 / 70, card.GetProperty("total").GetDouble(), 6);
        Assert.Equal("合格", card.GetProperty("grade").GetString()); // 78.57 ≥ 60
        var page = await inspector.GetStringAsync($"/inspection/plans/{plan}/cards/{world.CountyA}");
        Assert.Contains("新媒体矩阵模块未部署或未对本单位启用", page);
        Assert.Contains("不计分（模块未启用）", page);
    }

    [Fact]
    public async Task Falling_back_to_manual_the_indicator_waits_for_an_inspectors_score()
    {
        var inspector = await FreshAsync(world.Inspector);
        var (plan, _, _, auto) = await PlanAsync(inspector, "Manual");

        var waiting = await CardAsync(inspector, plan, world.CountyA);
        Assert.Equal("ManualFallback", Entry(waiting, auto).GetProperty("state").GetString());
        Assert.Equal(1, waiting.GetProperty("pending").GetInt32());
        Assert.Equal(55, waiting.GetProperty("total").GetDouble(), 6);

        var scored = await EnterAsync(inspector, plan, world.CountyA, auto, 20, comment: "按台账核定");
        Assert.Equal(75, scored.GetProperty("total").GetDouble(), 6);
        Assert.Equal(0, scored.GetProperty("pending").GetInt32());
        Assert.Equal("合格", scored.GetProperty("grade").GetString());
    }
}
