using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>Excel exports of the notice list and the case list take the page's filters and write what the page shows,
/// in Chinese.</summary>
public sealed class ExportTests(ComplianceWorld world) : IClassFixture<ComplianceWorld>
{
    private const string Api = "/api/compliance";

    private static async Task<List<IDictionary<string, object?>>> Workbook(HttpClient client, string url)
    {
        using var xlsx = new MemoryStream(await client.GetByteArrayAsync(url));
        return MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
    }

    [Fact]
    public async Task The_notice_export_holds_the_notices_the_filters_keep_with_their_status_in_words()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var (_, number) = await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(6), "导出甲网站首页未更新");
        await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(6), "导出乙网站栏目空白");

        var rows = await Workbook(officer, $"{Api}/notices/export?filter=Open&text={Uri.EscapeDataString("导出甲")}");

        var row = Assert.Single(rows);
        Assert.Equal(number, row["文号"]);
        Assert.Equal("导出甲网站首页未更新", row["事项"]);
        Assert.Equal("宁安一街", row["接收单位"]);
        Assert.Equal("已下发", row["状态"]);
        Assert.Equal("否", row["是否逾期"]);
        Assert.Contains("/api/compliance/notices/export?filter=All", await officer.GetStringAsync("/compliance/notices"));
    }

    [Fact]
    public async Task The_case_export_holds_the_cases_the_filters_keep_and_an_empty_one_keeps_its_headers()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        foreach (var (subject, severity) in new[] { ("导出严重网站", "Serious"), ("导出一般网站", "Minor") })
            (await officer.PostAsJsonAsync($"{Api}/cases", new
            {
                unit = world.StreetA1, subjectKind = "Website", subject, source = "PublicReport", severity, finding = "导出测试问题",
            })).EnsureSuccessStatusCode();

        var rows = await Workbook(officer, $"{Api}/cases/export?severity=Serious&text={Uri.EscapeDataString("导出")}");
        var row = Assert.Single(rows);
        Assert.Equal("导出严重网站", row["对象"]);
        Assert.Equal("严重", row["严重程度"]);
        Assert.Equal("群众举报", row["来源"]);
        Assert.Equal("待处理", row["状态"]);

        var none = await Workbook(officer, $"{Api}/cases/export?text={Uri.EscapeDataString("没有这种案件")}");
        Assert.Contains("严重程度", Assert.Single(none).Keys);
        Assert.Contains("/api/compliance/cases/export?status=Open", await officer.GetStringAsync("/compliance/cases?status=Open"));
    }
    [Fact]
    public async Task The_rules_export_keeps_the_search_and_the_websites_export_says_each_last_check_in_words()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        foreach (var (title, text) in new[] { ("导出检索甲制度", "第一条 加强网站群安全防护。"), ("导出检索乙制度", "第一条 加强值班值守。") })
            (await officer.PostAsJsonAsync($"{Api}/rules", RuleTests.Rule(title, text))).EnsureSuccessStatusCode();
        var rule = Assert.Single(await Workbook(officer, $"{Api}/rules/export?q={Uri.EscapeDataString("网站群")}"));
        Assert.Equal("导出检索甲制度", rule["标题"]);
        Assert.Equal("现行有效", rule["状态"]);
        Assert.Contains("/api/compliance/rules/export?q=", await officer.GetStringAsync("/compliance/rules"));

        var dead = await LocalSite.DeadAddressAsync();
        var site = (await (await officer.PostAsJsonAsync($"{Api}/websites", new
        {
            name = "导出停运网站", address = dead, icpNumber = "黑ICP备05000011号", protectionLevel = 3, owner = world.CountyB, active = false,
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await officer.PostAsync($"{Api}/websites/{site}/check", null)).EnsureSuccessStatusCode();
        var row = Assert.Single(await Workbook(officer, $"{Api}/websites/export?filter=Failing&text={Uri.EscapeDataString("导出停运")}"));
        Assert.Equal(("导出停运网站", "第三级", "东宁市", "无法访问", "否"),
            ((string?)row["网站名称"], (string?)row["等保级别"], (string?)row["主办单位"], (string?)row["检测结果"], (string?)row["定期检测"]));
        Assert.Contains("/api/compliance/websites/export?filter=Failing", await officer.GetStringAsync("/compliance/websites?filter=Failing"));
    }
}
