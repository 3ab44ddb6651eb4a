using System.Net.Http.Json;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>The same indicator, fed by compliance, in the city's plan and in 宁安市's plan for its streets: when 宁安市
/// switches compliance off for its tenant, its plan falls back as the plan says; the city's keeps reading the figure.</summary>
public sealed class TenantSwitchTests(InspectionWorld world) : IClassFixture<InspectionWorld>
{
    private const string Api = "/api/inspection";

    [Fact]
    public async Task With_compliance_off_for_one_tenant_its_plan_falls_back_to_manual_and_the_citys_plan_still_reads_the_figure()
    {
        var city = await FreshAsync(world.CityAdmin);
        await Ok(city.PostAsJsonAsync("/api/compliance/notices", new
        {
            recipient = world.StreetA1, subject = "宁安一街网站首页长期未更新", problems = "首页 30 天未更新。", requirements = "立即更新。",
            deadline = world.Today.AddDays(1).ToString("yyyy-MM-dd"), cases = Array.Empty<Guid>(),
        }));
        world.Clock.Advance(TimeSpan.FromDays(3)); // past its deadline, never answered: overdue

        var inspector = await FreshAsync(world.Inspector);
        var cityPlan = await PlanAsync(inspector, "市级考评");
        var cityIndicator = await IndicatorAsync(inspector, cityPlan, "问题整改", 20, "Deduction", "compliance.overdue", 5);
        await IndicatorAsync(inspector, cityPlan, "工作机制", 80, "Manual");
        await GroupAsync(inspector, cityPlan, "县（市、区）", world.CountyA);

        var ningan = await FreshAsync(world.CountyAdminA);
        var countyPlan = await PlanAsync(ningan, "宁安街道考评");
        var countyIndicator = await IndicatorAsync(ningan, countyPlan, "问题整改", 20, "Deduction", "compliance.overdue", 5);
        await IndicatorAsync(ningan, countyPlan, "工作机制", 80, "Manual");
        await Ok(ningan.PutAsJsonAsync($"{Api}/plans/{countyPlan}", new
        {
            name = "宁安街道考评", year = 2026, from = "2026-01-01", to = "2026-12-31", bonusThreshold = 0, bonusCap = 0, missingSource = "Manual",
            grades = new[] { new { name = "合格", min = 60 }, new { name = "不合格", min = 0 } },
        }));
        await GroupAsync(ningan, countyPlan, "街道", world.StreetA1);

        var before = Entry(await CardAsync(ningan, countyPlan, world.StreetA1), countyIndicator);
        Assert.Equal(1, before.GetProperty("value").GetDouble());
        Assert.Equal(15, before.GetProperty("points").GetDouble());

        await Ok(ningan.PutAsJsonAsync("/api/tenancy/modules/compliance", new { enabled = false }));
        var off = await WaitAsync(async () => Entry(await CardAsync(ningan, countyPlan, world.StreetA1), countyIndicator),
            e => e.GetProperty("unavailable").GetBoolean());

        // Deduction with its module off and the plan's rule "manual": only the findings the inspector records count.
        Assert.Contains("合规整改模块未部署或未对本单位启用", off.GetProperty("note").GetString());
        Assert.Equal(20, off.GetProperty("points").GetDouble());
        var recorded = await EnterAsync(ningan, countyPlan, world.StreetA1, countyIndicator, findings: 2, comment: "台账核查发现两件逾期");
        Assert.Equal(10, Entry(recorded, countyIndicator).GetProperty("points").GetDouble());

        var cityEntry = Entry(await CardAsync(await FreshAsync(world.Inspector), cityPlan, world.CountyA), cityIndicator);
        Assert.False(cityEntry.GetProperty("unavailable").GetBoolean());
        Assert.Equal(1, cityEntry.GetProperty("value").GetDouble());
        Assert.Equal(15, cityEntry.GetProperty("points").GetDouble());
        await Ok(ningan.PutAsJsonAsync("/api/tenancy/modules/compliance", new { enabled = true }));
    }

    /// <summary>Module switches reach every request within a few seconds: ask until the answer shows it.</summary>
    private static async Task<System.Text.Json.JsonElement> WaitAsync(Func<Task<System.Text.Json.JsonElement>> ask, Func<System.Text.Json.JsonElement, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var answer = await ask();
            if (done(answer) || DateTime.UtcNow > until) return answer;
            await Task.Delay(200);
        }
    }
}
