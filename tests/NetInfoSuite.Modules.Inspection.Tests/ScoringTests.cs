using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>Each scoring method, the veto, the bonus cap and threshold, grades and ranks, with the figures computed by hand;
/// frozen cards; recomputation that changes nothing.</summary>
public sealed class ScoringTests(InspectionWorld world) : IClassFixture<InspectionWorld>
{
    private const string Api = "/api/inspection";

    private sealed record Plan(Guid Id, Guid Manual, Guid Deduction, Guid Auto, Guid Veto, Guid Bonus1, Guid Bonus2);

    /// <summary>工作机制 manual 30; 内容质量 deduction 30 at 4 a finding; 发文数量 auto 40, full at 4 posts; 安全事故 veto;
    /// two bonus items of 10, capped at 15, counted at 80 or more. Two counties in one group.</summary>
    private async Task<Plan> PlanAsync(HttpClient inspector, string name, Guid countyA, Guid countyB)
    {
        var plan = await InspectionWorld.PlanAsync(inspector, name);
        var basics = await IndicatorAsync(inspector, plan, "基础工作", 0, "Manual");
        var p = new Plan(plan,
            await IndicatorAsync(inspector, plan, "工作机制", 30, "Manual", parent: basics),
            await IndicatorAsync(inspector, plan, "内容质量", 30, "Deduction", parameter: 4, parent: basics),
            await IndicatorAsync(inspector, plan, "发文数量", 40, "Auto", "matrix.posts", 4),
            await IndicatorAsync(inspector, plan, "安全事故", 0, "Veto"),
            await IndicatorAsync(inspector, plan, "创新", 10, "Bonus"),
            await IndicatorAsync(inspector, plan, "表彰", 10, "Bonus"));
        await Ok(inspector.PutAsJsonAsync($"{Api}/plans/{plan}", new
        {
            name, year = 2026, from = "2026-01-01", to = "2026-12-31", bonusThreshold = 80, bonusCap = 15, missingSource = "Rescale",
            grades = new[] { new { name = "优秀", min = 90 }, new { name = "良好", min = 80 }, new { name = "合格", min = 60 }, new { name = "不合格", min = 0 } },
        }));
        await GroupAsync(inspector, plan, "县（市、区）", countyA, countyB);
        return p;
    }

    [Fact]
    public async Task Every_method_veto_bonus_cap_and_threshold_score_as_computed_by_hand()
    {
        var inspector = await FreshAsync(world.Inspector);
        var (countyA, countyB) = (await world.NewUnitAsync("231101", "林口县", "County", world.City), await world.NewUnitAsync("231102", "穆棱市", "County", world.City));
        var a = await world.ActiveAccountAsync(countyA, "林口发布");
        var b = await world.ActiveAccountAsync(countyB, "穆棱发布");
        await world.PostsAsync(a, new DateOnly(2026, 5, 20), new DateOnly(2026, 5, 21), new DateOnly(2026, 5, 22), new DateOnly(2026, 5, 23), new DateOnly(2026, 5, 24)); // 5 ≥ 4: full 40
        await world.PostsAsync(b, new DateOnly(2026, 5, 20)); // 1 of 4: 10
        var plan = await PlanAsync(inspector, "方法测试", countyA, countyB);

        // 林口县: 28 + (30 − 4) + 40 = 94 ≥ 80, bonus 10 + 10 capped at 15: 109, 优秀.
        await EnterAsync(inspector, plan.Id, countyA, plan.Manual, 28, comment: "机制健全");
        await EnterAsync(inspector, plan.Id, countyA, plan.Deduction, findings: 1);
        await EnterAsync(inspector, plan.Id, countyA, plan.Bonus1, 10);
        await EnterAsync(inspector, plan.Id, countyA, plan.Bonus2, 10);
        // 穆棱市: 25 + max(0, 30 − 10 × 4) + 10 = 35 < 80, so its bonus is not counted: 35, 不合格.
        await EnterAsync(inspector, plan.Id, countyB, plan.Manual, 25);
        await EnterAsync(inspector, plan.Id, countyB, plan.Deduction, findings: 10);
        await EnterAsync(inspector, plan.Id, countyB, plan.Bonus1, 10);

        var ningan = await CardAsync(inspector, plan.Id, countyA);
        var dongning = await CardAsync(inspector, plan.Id, countyB);
        Assert.Equal(94, ningan.GetProperty("base").GetDouble(), 6);
        Assert.Equal(15, ningan.GetProperty("bonus").GetDouble(), 6);
        Assert.Equal(109, ningan.GetProperty("total").GetDouble(), 6);
        Assert.Equal("优秀", ningan.GetProperty("grade").GetString());
        Assert.Equal(1, ningan.GetProperty("rank").GetInt32());
        Assert.Equal(26, Entry(ningan, plan.Deduction).GetProperty("points").GetDouble(), 6);
        Assert.Equal(40, Entry(ningan, plan.Auto).GetProperty("points").GetDouble(), 6);
        Assert.Equal(5, Entry(ningan, plan.Auto).GetProperty("value").GetDouble());
        Assert.Contains("GetMatrixSummary", Entry(ningan, plan.Auto).GetProperty("origin").GetString());
        Assert.Contains("2026-01-01", Entry(ningan, plan.Auto).GetProperty("origin").GetString());
        Assert.Equal(0, Entry(dongning, plan.Deduction).GetProperty("points").GetDouble()); // never below zero
        Assert.Equal(10, Entry(dongning, plan.Auto).GetProperty("points").GetDouble(), 6);
        Assert.Equal(35, dongning.GetProperty("total").GetDouble(), 6);
        Assert.Equal(0, dongning.GetProperty("bonus").GetDouble());
        Assert.Equal("不合格", dongning.GetProperty("grade").GetString());
        Assert.Equal(2, dongning.GetProperty("rank").GetInt32());

        // A security incident at 林口县 fails it whatever its total, and it ranks after 穆棱市.
        await EnterAsync(inspector, plan.Id, countyA, plan.Veto, vetoed: true, comment: "发布涉密信息");
        ningan = await CardAsync(inspector, plan.Id, countyA);
        Assert.True(ningan.GetProperty("vetoed").GetBoolean());
        Assert.Equal("不合格", ningan.GetProperty("grade").GetString());
        Assert.Equal(109, ningan.GetProperty("total").GetDouble(), 6);
        Assert.Equal(2, ningan.GetProperty("rank").GetInt32());
        Assert.Equal(1, (await CardAsync(inspector, plan.Id, countyB)).GetProperty("rank").GetInt32());

        // The bulletin ranks them and names the problems found, with the inspectors' comments.
        var bulletin = WebUtility.HtmlDecode(await inspector.GetStringAsync($"/inspection/plans/{plan.Id}/bulletin"));
        Assert.Contains("第1名　穆棱市　35分　不合格", bulletin);
        Assert.Contains("第2名　林口县　109分　不合格（单项否决）", bulletin);
        Assert.Contains("林口县：安全事故，单项否决。发布涉密信息", bulletin);
        Assert.Contains("林口县：内容质量，扣4分（1处）", bulletin);
        Assert.Contains("穆棱市：内容质量，扣30分（10处）", bulletin);

        // A score above the indicator's points is refused, and nothing of it is kept.
        var over = await inspector.PutAsJsonAsync($"{Api}/plans/{plan.Id}/cards/{countyB}/entries/{plan.Manual}", new { score = 31 });
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("score", await over.Content.ReadAsStringAsync());
        Assert.Equal(25, Entry(await CardAsync(inspector, plan.Id, countyB), plan.Manual).GetProperty("points").GetDouble());
    }

    [Fact]
    public async Task A_dormant_account_fails_the_veto_fed_by_the_account_matrix()
    {
        var inspector = await FreshAsync(world.Inspector);
        var plan = await InspectionWorld.PlanAsync(inspector, "僵尸号否决");
        var veto = await IndicatorAsync(inspector, plan, "内容不更新", 0, "Veto", "matrix.dormant");
        await IndicatorAsync(inspector, plan, "工作机制", 100, "Manual");
        await GroupAsync(inspector, plan, "街道", world.StreetA1, world.StreetA2);
        var quiet = await world.ActiveAccountAsync(world.StreetA1, "一街发布");
        await world.PostsAsync(quiet, world.Today.AddDays(-20)); // nothing for 20 days: dormant
        var busy = await world.ActiveAccountAsync(world.StreetA2, "二街发布");
        await world.PostsAsync(busy, world.Today.AddDays(-1));

        var street1 = await CardAsync(inspector, plan, world.StreetA1);
        var street2 = await CardAsync(inspector, plan, world.StreetA2);

        Assert.Equal("Failed", Entry(street1, veto).GetProperty("state").GetString());
        Assert.Equal(1, Entry(street1, veto).GetProperty("value").GetDouble());
        Assert.Contains("GetDormantAccountsOfUnit", Entry(street1, veto).GetProperty("origin").GetString());
        Assert.True(street1.GetProperty("vetoed").GetBoolean());
        Assert.Equal("Passed", Entry(street2, veto).GetProperty("state").GetString());
        Assert.False(street2.GetProperty("vetoed").GetBoolean());
    }

    [Fact]
    public async Task A_final_card_keeps_its_figures_when_the_account_matrix_changes_and_recomputing_changes_nothing()
    {
        var inspector = await FreshAsync(world.Inspector);
        var (countyA, countyB) = (await world.NewUnitAsync("231103", "海林市", "County", world.City), await world.NewUnitAsync("231104", "绥芬河市", "County", world.City));
        var account = await world.ActiveAccountAsync(countyA, "海林发布");
        await world.PostsAsync(account, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2));
        var plan = await PlanAsync(inspector, "冻结测试", countyA, countyB);
        await EnterAsync(inspector, plan.Id, countyA, plan.Manual, 30);

        var first = await Ok(inspector.GetAsync($"{Api}/plans/{plan.Id}/scores"));
        var again = await Ok(inspector.GetAsync($"{Api}/plans/{plan.Id}/scores"));
        Assert.Equal(first.ToString(), again.ToString());

        var final = await Ok(inspector.PostAsync($"{Api}/plans/{plan.Id}/cards/{countyA}/finalise", null));
        Assert.Equal(2, Entry(final, plan.Auto).GetProperty("value").GetDouble()); // 2 of 4 posts: 20 points
        Assert.Equal(80, final.GetProperty("total").GetDouble(), 6); // 30 + 30 + 20

        await world.PostsAsync(account, new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 4)); // the matrix changes afterwards
        var later = await CardAsync(inspector, plan.Id, countyA);
        Assert.True(later.GetProperty("final").GetBoolean());
        Assert.Equal(2, Entry(later, plan.Auto).GetProperty("value").GetDouble());
        Assert.Equal(80, later.GetProperty("total").GetDouble(), 6);
        // The final card takes no more entries, and the plan's indicators no longer change.
        var edit = await inspector.PutAsJsonAsync($"{Api}/plans/{plan.Id}/cards/{countyA}/entries/{plan.Manual}", new { score = 10 });
        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);
        var indicator = await inspector.PostAsJsonAsync($"{Api}/plans/{plan.Id}/indicators", new { name = "新增", points = 5, method = "Manual" });
        Assert.Equal(HttpStatusCode.BadRequest, indicator.StatusCode);

        // Publishing finalises the rest; a published plan does not change.
        var city = await FreshAsync(world.CityAdmin);
        var published = await Ok(city.PostAsync($"{Api}/plans/{plan.Id}/publish", null));
        Assert.All(published.GetProperty("groups")[0].GetProperty("rows").EnumerateArray(), r => Assert.True(r.GetProperty("final").GetBoolean()));
        Assert.Equal(HttpStatusCode.BadRequest, (await city.PostAsync($"{Api}/plans/{plan.Id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.PostAsync($"{Api}/plans/{plan.Id}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task The_score_sheet_exports_to_excel_with_each_indicators_points()
    {
        var inspector = await FreshAsync(world.Inspector);
        var plan = await PlanAsync(inspector, "导出测试", world.CountyA, world.CountyB);
        await EnterAsync(inspector, plan.Id, world.CountyA, plan.Manual, 20);

        var response = await inspector.GetAsync($"{Api}/plans/{plan.Id}/scores/export");
        response.EnsureSuccessStatusCode();
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();

        var ningan = rows.Single(r => (string?)r["考评对象"] == "宁安市");
        Assert.Equal(20.0, Convert.ToDouble(ningan["1. 工作机制"]));
        Assert.Equal(30.0, Convert.ToDouble(ningan["2. 内容质量"]));
        Assert.Equal("通过", ningan["4. 安全事故"]);
        Assert.Equal("县（市、区）", ningan["分组"]);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task Evidence_files_join_an_entry_are_checked_by_their_bytes_and_stay_with_the_final_card()
    {
        var inspector = await FreshAsync(world.Inspector);
        var plan = await PlanAsync(inspector, "佐证测试", world.CountyA, world.CountyB);
        await EnterAsync(inspector, plan.Id, world.CountyA, plan.Manual, 26, comment: "制度健全");
        var pdf = "%PDF-1.4 宁安市网信工作制度汇编"u8.ToArray();
        static MultipartFormDataContent Files(params (byte[] Content, string Name)[] files)
        {
            var form = new MultipartFormDataContent();
            foreach (var (content, name) in files) form.Add(new ByteArrayContent(content), "files", name);
            return form;
        }
        var url = $"{Api}/plans/{plan.Id}/cards/{world.CountyA}/entries/{plan.Manual}/files";

        // A text file named .pdf is refused by its bytes, and nothing is kept.
        var fake = await inspector.PostAsync(url, Files(("MZ not a pdf"u8.ToArray(), "制度.pdf")));
        Assert.Equal(HttpStatusCode.BadRequest, fake.StatusCode);
        Assert.Contains("佐证文件须为 PDF", await fake.Content.ReadAsStringAsync());
        Assert.Empty(Entry(await CardAsync(inspector, plan.Id, world.CountyA), plan.Manual).GetProperty("files").EnumerateArray());

        var card = await Ok(inspector.PostAsync(url, Files((pdf, "制度汇编.pdf"))));
        var file = Assert.Single(Entry(card, plan.Manual).GetProperty("files").EnumerateArray());
        Assert.Equal("制度汇编.pdf", file.GetProperty("name").GetString());
        Assert.Equal(26, Entry(card, plan.Manual).GetProperty("points").GetDouble()); // the score stays as entered

        // Scoring again keeps the file; the card page links it; the download is the same bytes.
        await EnterAsync(inspector, plan.Id, world.CountyA, plan.Manual, 27, comment: "制度健全，执行到位");
        var id = Assert.Single(Entry(await CardAsync(inspector, plan.Id, world.CountyA), plan.Manual).GetProperty("files").EnumerateArray()).GetProperty("id").GetGuid();
        Assert.Contains($"/api/inspection/plans/{plan.Id}/evidence/{id}", await inspector.GetStringAsync($"/inspection/plans/{plan.Id}/cards/{world.CountyA}"));
        var download = await inspector.GetAsync($"{Api}/plans/{plan.Id}/evidence/{id}");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());

        // Final: no more files, and the one there stays.
        await Ok(inspector.PostAsync($"{Api}/plans/{plan.Id}/cards/{world.CountyA}/finalise", null));
        Assert.Equal(HttpStatusCode.BadRequest, (await inspector.PostAsync(url, Files((pdf, "补充.pdf")))).StatusCode);
        Assert.Single(Entry(await CardAsync(inspector, plan.Id, world.CountyA), plan.Manual).GetProperty("files").EnumerateArray());
    }
}
