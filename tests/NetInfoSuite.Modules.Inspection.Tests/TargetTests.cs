using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>目标管理: the year's published results per unit, through the contract's endpoint, its workbook and its page;
/// a county sees its own result in the city's plan and every result of the plans it runs itself.</summary>
public sealed class TargetTests(InspectionWorld world) : IClassFixture<InspectionWorld>
{
    private const string Api = "/api/inspection";

    private static async Task<List<JsonElement>> ResultsAsync(HttpClient client, string query = "year=2026") =>
        (await Ok(client.GetAsync($"{Api}/results?{query}"))).EnumerateArray().ToList();

    private static string Unit(JsonElement r) => r.GetProperty("unitName").GetString()!;

    [Fact]
    public async Task Published_results_list_each_units_total_grade_and_rank_in_the_callers_part_of_the_tree()
    {
        var inspector = await FreshAsync(world.Inspector);
        var plan = await PlanAsync(inspector, "2026年度网信工作考评");
        var work = await IndicatorAsync(inspector, plan, "工作机制", 100, "Manual");
        await GroupAsync(inspector, plan, "县（市、区）", world.CountyA, world.CountyB);
        await EnterAsync(inspector, plan, world.CountyA, work, 92);
        await EnterAsync(inspector, plan, world.CountyB, work, 71.5);

        // Not published: not a result yet.
        Assert.Empty(await ResultsAsync(inspector));

        await Ok((await FreshAsync(world.CityAdmin)).PostAsync($"{Api}/plans/{plan}/publish", null));
        var all = await ResultsAsync(inspector);
        Assert.Equal(["宁安市", "东宁市"], all.Select(Unit));
        Assert.Equal(92, all[0].GetProperty("total").GetDouble(), 6);
        Assert.Equal("优秀", all[0].GetProperty("grade").GetString());
        Assert.Equal(1, all[0].GetProperty("rank").GetInt32());
        Assert.Equal(2, all[1].GetProperty("rank").GetInt32());
        Assert.Equal(2, all[1].GetProperty("groupSize").GetInt32());
        Assert.Equal("合格", all[1].GetProperty("grade").GetString());
        Assert.Equal(100, all[1].GetProperty("fullMarks").GetDouble(), 6);
        Assert.Empty(await ResultsAsync(inspector, "year=2025"));
        var badYear = await inspector.GetAsync($"{Api}/results?year=1900");
        Assert.Equal(HttpStatusCode.BadRequest, badYear.StatusCode);
        Assert.Contains("year", await badYear.Content.ReadAsStringAsync());

        // 宁安市 runs its own plan for its streets, and sees its own result in the city's plan besides.
        var ningan = await FreshAsync(world.CountyAdminA);
        var streets = await PlanAsync(ningan, "宁安市街道考评");
        var streetWork = await IndicatorAsync(ningan, streets, "网格工作", 100, "Manual");
        await GroupAsync(ningan, streets, "街道", world.StreetA1, world.StreetA2);
        await EnterAsync(ningan, streets, world.StreetA1, streetWork, 55);
        await EnterAsync(ningan, streets, world.StreetA2, streetWork, 85);
        await Ok(ningan.PostAsync($"{Api}/plans/{streets}/publish", null));

        var mine = await ResultsAsync(ningan);
        Assert.Equal(new[] { "宁安一街", "宁安二街", "宁安市" }.Order(StringComparer.Ordinal), mine.Select(Unit).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(mine, r => Unit(r) == "东宁市");
        var street1 = mine.Single(r => Unit(r) == "宁安一街");
        Assert.Equal("不合格", street1.GetProperty("grade").GetString());
        Assert.Equal("宁安市", street1.GetProperty("organiserName").GetString());
        Assert.Single(await ResultsAsync(ningan, $"year=2026&unit={world.CountyA}"));
        Assert.Empty(await ResultsAsync(ningan, $"year=2026&unit={world.CountyB}"));

        // 东宁市 sees only its own result; the city sees all four.
        Assert.Equal(["东宁市"], (await ResultsAsync(await FreshAsync(world.CountyAdminB))).Select(Unit));
        Assert.Equal(4, (await ResultsAsync(inspector)).Count);

        // The workbook and the page say the same, in Chinese.
        var response = await ningan.GetAsync($"{Api}/results/export?year=2026");
        response.EnsureSuccessStatusCode();
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, rows.Count);
        var row = rows.Single(r => (string?)r["单位"] == "宁安市");
        Assert.Equal(92.0, Convert.ToDouble(row["总分"]));
        Assert.Equal("1/2", row["名次"]);
        Assert.Equal("2026年度网信工作考评", row["考评方案"]);
        var page = WebUtility.HtmlDecode(await ningan.GetStringAsync("/inspection/results?year=2026"));
        Assert.Contains("宁安一街", page);
        Assert.Contains("第 1 名 / 共 2 个", page);
        Assert.DoesNotContain("东宁市", page);
        Assert.Contains("还没有发布的考评结果", WebUtility.HtmlDecode(await ningan.GetStringAsync("/inspection/results?year=2024")));
    }
}
