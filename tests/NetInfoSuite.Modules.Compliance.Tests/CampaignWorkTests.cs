using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>专项治理 at work (issue 16 §5): a checklist per target and each target's result, recorded by the organiser or by
/// the county that covers the target; a finding that becomes a case and a numbered notice in one step (both or neither);
/// progress per county; the campaign report as a print view and a workbook; the campaign changed through its form.</summary>
public sealed class CampaignWorkTests(ComplianceWorld world) : IClassFixture<ComplianceWorld>
{
    private const string Api = "/api/compliance";

    private async Task<JsonElement> StartAsync(HttpClient officer, string title, params string[] checklist)
    {
        var response = await officer.PostAsJsonAsync($"{Api}/campaigns", new
        {
            title, scope = "排查政务网站和新媒体内容运维外包情况。", from = world.Today.ToString("yyyy-MM-dd"), to = world.Today.AddDays(60).ToString("yyyy-MM-dd"),
            targets = new[] { world.StreetA1, world.CountyB }, checklist,
        });
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Guid[] Items(JsonElement campaign) => campaign.GetProperty("checklist").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray();

    private static JsonElement Target(JsonElement campaign, string name) =>
        campaign.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Each_target_gets_the_checklist_and_a_result_counted_per_county_in_the_report_and_its_workbook()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var campaign = await StartAsync(officer, "违规外包专项整治（检查要点）", "是否存在违规外包内容运营", "是否签订保密协议");
        var id = campaign.GetProperty("id").GetGuid();
        var items = Items(campaign);
        Assert.Equal(2, items.Length);

        // 宁安's county admin records its own target; a point not met forbids "compliant"; 东宁 is not its to record.
        var countyA = await ComplianceWorld.FreshAsync(world.CountyAdminA);
        var wrong = await countyA.PutAsJsonAsync($"{Api}/campaigns/{id}/targets/{world.StreetA1}", new
        {
            answers = new[] { new { item = items[0], met = true, note = "" }, new { item = items[1], met = false, note = "未签订" } }, result = "Compliant",
        });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("result", await wrong.Content.ReadAsStringAsync());
        var recorded = await countyA.PutAsJsonAsync($"{Api}/campaigns/{id}/targets/{world.StreetA1}", new
        {
            answers = new[] { new { item = items[0], met = true, note = "自行运维" }, new { item = items[1], met = true, note = "" } }, result = "Compliant", note = "经查无外包。",
        });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var notTheirs = await countyA.PutAsJsonAsync($"{Api}/campaigns/{id}/targets/{world.CountyB}", new { answers = Array.Empty<object>(), result = "Compliant" });
        Assert.Equal(HttpStatusCode.BadRequest, notTheirs.StatusCode);
        Assert.Contains("target", await notTheirs.Content.ReadAsStringAsync());

        var view = await (await officer.PutAsJsonAsync($"{Api}/campaigns/{id}/targets/{world.CountyB}", new
        {
            answers = new[] { new { item = items[0], met = false, note = "委托第三方运营公众号" } }, result = "NonCompliant",
        })).Content.ReadFromJsonAsync<JsonElement>();
        var street = Target(view, "宁安一街");
        Assert.Equal("Compliant", street.GetProperty("result").GetString());
        Assert.Equal(2, street.GetProperty("met").GetInt32());
        Assert.Equal("NonCompliant", Target(view, "东宁市").GetProperty("result").GetString());
        Assert.Equal(1, Target(view, "东宁市").GetProperty("notMet").GetInt32());
        var counties = view.GetProperty("counties").EnumerateArray().ToDictionary(c => c.GetProperty("county").GetString()!);
        Assert.Equal((1, 1, 0), (counties["宁安市"].GetProperty("checked").GetInt32(), counties["宁安市"].GetProperty("compliant").GetInt32(),
            counties["宁安市"].GetProperty("nonCompliant").GetInt32()));
        Assert.Equal((1, 0, 1), (counties["东宁市"].GetProperty("checked").GetInt32(), counties["东宁市"].GetProperty("compliant").GetInt32(),
            counties["东宁市"].GetProperty("nonCompliant").GetInt32()));

        var report = await officer.GetStringAsync($"/compliance/campaigns/{id}/report");
        Assert.Contains("违规外包专项整治（检查要点）工作报告", report);
        Assert.Contains("已检查 2 个，其中合格 1 个、整改中 0 个、不合格 1 个", report);
        Assert.Contains("东宁市", report);

        using var xlsx = new MemoryStream(await officer.GetByteArrayAsync($"{Api}/campaigns/{id}/export"));
        var rows = MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var streetRow = rows.Single(r => (string?)r["对象单位"] == "宁安一街");
        Assert.Equal(("宁安市", "合格", "经查无外包。"), ((string?)streetRow["县（市）区"], (string?)streetRow["检查结果"], (string?)streetRow["说明"]));
        Assert.Equal(2d, Convert.ToDouble(streetRow["达标要点"]));
        Assert.Equal("不合格", rows.Single(r => (string?)r["对象单位"] == "东宁市")["检查结果"]);
        Assert.Equal(2, rows.Count(r => (string?)r["对象单位"] == "合计"));

        // A point reworded is a new point; the one kept keeps its answers.
        var changed = await officer.PutAsJsonAsync($"{Api}/campaigns/{id}", new
        {
            title = "违规外包专项整治（检查要点）", scope = "", from = world.Today.ToString("yyyy-MM-dd"), to = world.Today.AddDays(60).ToString("yyyy-MM-dd"),
            targets = new[] { world.StreetA1, world.CountyB }, checklist = new[] { "是否存在违规外包内容运营", "是否建立外包人员保密管理制度" },
        });
        var after = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(items[0], Items(after)[0]);
        Assert.NotEqual(items[1], Items(after)[1]);
        Assert.Equal(1, Target(after, "宁安一街").GetProperty("met").GetInt32());
    }

    [Fact]
    public async Task A_finding_becomes_a_case_and_a_numbered_notice_in_one_step_and_a_refused_one_leaves_neither_nor_a_gap()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var campaign = await StartAsync(officer, "违规外包专项整治（发现问题）", "是否存在违规外包内容运营");
        var id = campaign.GetProperty("id").GetGuid();
        var (_, before) = await ComplianceWorld.IssueAsync(officer, world.CountyB, world.Today.AddDays(5), "编号参照");
        var casesBefore = (await officer.GetFromJsonAsync<JsonElement>($"{Api}/cases?pageSize=200")).GetProperty("total").GetInt32();

        object Finding(Guid unit, DateOnly deadline) => new
        {
            unit, subjectKind = "Account", subject = "宁安一街公众号", severity = "Serious", finding = "公众号内容运维外包给第三方公司。",
            evidenceUrl = "https://mp.example.cn/ningan1", requirements = "立即收回运维权限，报送整改报告。", deadline = deadline.ToString("yyyy-MM-dd"),
        };
        var late = await officer.PostAsJsonAsync($"{Api}/campaigns/{id}/targets/{world.StreetA1}/findings", Finding(world.StreetA1, world.Today.AddDays(-1)));
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("deadline", await late.Content.ReadAsStringAsync());
        var outside = await officer.PostAsJsonAsync($"{Api}/campaigns/{id}/targets/{world.StreetA1}/findings", Finding(world.CountyB, world.Today.AddDays(10)));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("unit", await outside.Content.ReadAsStringAsync());
        Assert.Equal(casesBefore, (await officer.GetFromJsonAsync<JsonElement>($"{Api}/cases?pageSize=200")).GetProperty("total").GetInt32());

        var response = await officer.PostAsJsonAsync($"{Api}/campaigns/{id}/targets/{world.StreetA1}/findings", Finding(world.StreetA1, world.Today.AddDays(10)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var found = await response.Content.ReadFromJsonAsync<JsonElement>();
        var number = found.GetProperty("number").GetString()!;
        Assert.Equal(Sequence(before) + 1, Sequence(number));   // the refused ones took no number

        var opened = await officer.GetFromJsonAsync<JsonElement>($"{Api}/cases/{found.GetProperty("case").GetGuid()}");
        Assert.Equal("UnderRectification", opened.GetProperty("status").GetString());
        Assert.Equal("https://mp.example.cn/ningan1", opened.GetProperty("evidenceUrl").GetString());
        Assert.Equal(number, Assert.Single(opened.GetProperty("notices").EnumerateArray()).GetProperty("number").GetString());
        var notice = await officer.GetFromJsonAsync<JsonElement>($"{Api}/notices/{found.GetProperty("notice").GetGuid()}");
        Assert.Equal("宁安一街", notice.GetProperty("recipientName").GetString());

        var view = await officer.GetFromJsonAsync<JsonElement>($"{Api}/campaigns/{id}");
        Assert.Equal(found.GetProperty("case").GetGuid(), Assert.Single(view.GetProperty("cases").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(number, Assert.Single(view.GetProperty("notices").EnumerateArray()).GetProperty("number").GetString());
        Assert.Equal("Rectifying", Target(view, "宁安一街").GetProperty("result").GetString());
        Assert.Equal(1, view.GetProperty("counties").EnumerateArray().Single(c => c.GetProperty("county").GetString() == "宁安市").GetProperty("notices").GetInt32());

        // The street's editor is told in the inbox like for any notice; it cannot record findings itself.
        var street = await ComplianceWorld.FreshAsync(world.Street);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await street.PostAsJsonAsync($"{Api}/campaigns/{id}/targets/{world.StreetA1}/findings", Finding(world.StreetA1, world.Today.AddDays(10)))).StatusCode);
    }

    [Fact]
    public async Task The_campaign_pages_offer_the_form_with_pickers_the_target_page_and_the_report_links()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var campaign = await StartAsync(officer, "违规外包专项整治（页面）", "是否存在违规外包内容运营");
        var id = campaign.GetProperty("id").GetGuid();

        var page = await officer.GetStringAsync($"/compliance/campaigns/{id}");
        Assert.Contains("修改专项治理", page);
        Assert.Contains("name=\"Input.Targets\"", page);          // the unit picker, targets chosen
        Assert.Contains("宁安一街", page);
        Assert.Contains("是否存在违规外包内容运营", page);
        Assert.Contains($"/compliance/campaigns/{id}/report", page);
        Assert.Contains($"/api/compliance/campaigns/{id}/export", page);
        Assert.Contains($"/compliance/campaigns/{id}/targets/{world.StreetA1}", page);
        Assert.DoesNotContain(world.StreetA1.ToString() + "</", page);    // ids travel in values and links, never as text

        var target = await officer.GetStringAsync($"/compliance/campaigns/{id}/targets/{world.StreetA1}");
        Assert.Contains("检查要点和结果", target);
        Assert.Contains("立案并下发", target);
        Assert.Contains("/api/compliance/campaigns/export", await officer.GetStringAsync("/compliance/campaigns"));
    }

    private static int Sequence(string number) => int.Parse(System.Text.RegularExpressions.Regex.Match(number, @"第(\d+)号").Groups[1].Value);
}
