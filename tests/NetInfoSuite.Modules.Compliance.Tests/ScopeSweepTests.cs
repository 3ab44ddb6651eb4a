using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>The test kit's scope sweep: 东宁's county admin (who also issues, answers and handles cases) calls every
/// endpoint at a notice the city sent to 宁安一街, and must neither see nor change it.</summary>
public sealed class ScopeSweepTests(ComplianceWorld world) : ScopeSweep("compliance"), IClassFixture<ComplianceWorld>
{
    private const string Api = "/api/compliance";

    protected override TestHost Host => world.Host;

    private Guid _notice, _case, _rule, _website;

    protected override async Task<IReadOnlyDictionary<string, ScopeCase>> CasesAsync()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var street = await ComplianceWorld.FreshAsync(world.Street);
        var (notice, number) = await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(9), "宁安范围事项");
        _notice = notice;
        (await street.PostAsJsonAsync($"{Api}/notices/{notice}/acknowledge", new { note = "收到" })).EnsureSuccessStatusCode();
        using var pdf = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF"u8.ToArray()), "file", "宁安报告.pdf" } };
        var file = (await (await street.PostAsync($"{Api}/notices/{notice}/files", pdf)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var caseId = (await (await officer.PostAsJsonAsync($"{Api}/cases", new
        {
            unit = world.StreetA1, subjectKind = "Website", subject = "宁安范围网站", source = "Patrol", severity = "Serious", finding = "宁安范围问题",
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using (var png = new MultipartFormDataContent { { new ByteArrayContent(ComplianceWorld.Png), "file", "shot.png" } })
            (await officer.PostAsync($"{Api}/cases/{caseId}/screenshot", png)).EnsureSuccessStatusCode();
        _case = caseId;

        var mediaUnit = (await (await officer.PostAsJsonAsync($"{Api}/media-units", MediaUnit("宁安范围传媒公司", world.StreetA1)))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // A rule 宁安 keeps, with a second version read from a Word document.
        var countyA = await ComplianceWorld.FreshAsync(world.CountyAdminA);
        var rule = (await (await countyA.PostAsJsonAsync($"{Api}/rules", RuleTests.Rule("宁安范围制度", "宁安范围制度第一版。")))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using (var docx = new MultipartFormDataContent { { new ByteArrayContent(RuleTests.Docx("宁安范围制度第二版。")), "file", "宁安范围制度.docx" } })
            (await countyA.PostAsync($"{Api}/rules/{rule}/docx", docx)).EnsureSuccessStatusCode();
        var ruleFile = (await countyA.GetFromJsonAsync<JsonElement>($"{Api}/rules/{rule}")).GetProperty("versions")[0].GetProperty("file").GetGuid();
        _rule = rule;
        var campaign = (await (await countyA.PostAsJsonAsync($"{Api}/campaigns", new
        {
            title = "宁安范围专项", from = "2026-06-01", to = "2026-08-01", targets = new[] { world.StreetA1 }, rule,
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var website = (await (await countyA.PostAsJsonAsync($"{Api}/websites", new
        {
            name = "宁安范围网站检测", address = "http://127.0.0.1:9/ningan", icpNumber = "黑ICP备05000009号", protectionLevel = 2, owner = world.StreetA1,
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        _website = website;

        var outsider = await ComplianceWorld.FreshAsync(await world.UserAsync(world.CountyB, "CountyAdmin", "Editor", "ComplianceOfficer"));
        var probe = new ScopeProbe(outsider, "宁安范围网站检测", website.ToString(), "宁安范围制度", "宁安范围专项", campaign.ToString(), rule.ToString(), ruleFile.ToString(), number, "宁安范围事项", "宁安一街", "宁安范围网站", "宁安范围传媒公司", "91350100M000100Y43", notice.ToString(), mediaUnit.ToString(), file.ToString(), caseId.ToString());
        var (get, post) = (HttpMethod.Get, HttpMethod.Post);
        var deadline = world.Today.AddDays(20).ToString("yyyy-MM-dd");

        return new Dictionary<string, ScopeCase>
        {
            ["POST /notices"] = probe.Refused(post, $"{Api}/notices", ComplianceWorld.Notice(world.StreetA1, world.Today.AddDays(3), "东宁越权")),
            ["GET /notices"] = probe.Hidden($"{Api}/notices"),
            ["GET /notices/{id:guid}"] = probe.Missing(get, $"{Api}/notices/{notice}"),
            ["GET /notices/{id:guid}/docx"] = probe.Missing(get, $"{Api}/notices/{notice}/docx"),
            ["POST /notices/{id:guid}/acknowledge"] = probe.Missing(post, $"{Api}/notices/{notice}/acknowledge", new { note = "东宁代签" }),
            ["POST /notices/{id:guid}/report"] = probe.Missing(post, $"{Api}/notices/{notice}/report", new { report = "东宁代报" }),
            ["POST /notices/{id:guid}/verify"] = probe.Missing(post, $"{Api}/notices/{notice}/verify", new { note = "东宁核查" }),
            ["POST /notices/{id:guid}/return"] = probe.Missing(post, $"{Api}/notices/{notice}/return", new { reason = "东宁退回", deadline }),
            ["POST /notices/{id:guid}/files"] = async () =>
            {
                using var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF"u8.ToArray()), "file", "东宁.pdf" } };
                return ScopeProbe.Status(await outsider.PostAsync($"{Api}/notices/{notice}/files", form), HttpStatusCode.NotFound);
            },
            ["GET /notices/{id:guid}/files/{fileId:guid}"] = probe.Missing(get, $"{Api}/notices/{notice}/files/{file}"),
            // 宁安's notice is not overdue, but a run by 东宁 must tell nothing of 宁安's even when it is: it claims within its subtree.
            ["POST /notices/escalate"] = async () => await probe.ShowsAsync(await outsider.PostAsync($"{Api}/notices/escalate", null)),
            ["POST /cases"] = probe.Refused(post, $"{Api}/cases", new
            {
                unit = world.StreetA1, subjectKind = "Website", subject = "东宁越权", source = "Patrol", severity = "Minor", finding = "x",
            }),
            ["GET /cases"] = probe.Hidden($"{Api}/cases"),
            ["GET /cases/{id:guid}"] = probe.Missing(get, $"{Api}/cases/{caseId}"),
            ["POST /cases/{id:guid}/take"] = probe.Missing(post, $"{Api}/cases/{caseId}/take"),
            ["POST /cases/{id:guid}/dismiss"] = probe.Missing(post, $"{Api}/cases/{caseId}/dismiss", new { reason = "东宁不予处理" }),
            ["POST /cases/{id:guid}/screenshot"] = async () =>
            {
                using var form = new MultipartFormDataContent { { new ByteArrayContent(ComplianceWorld.Png), "file", "东宁.png" } };
                return ScopeProbe.Status(await outsider.PostAsync($"{Api}/cases/{caseId}/screenshot", form), HttpStatusCode.NotFound);
            },
            ["GET /cases/{id:guid}/screenshot"] = probe.Missing(get, $"{Api}/cases/{caseId}/screenshot"),
            ["POST /media-units"] = probe.Refused(post, $"{Api}/media-units", MediaUnit("东宁越权公司", world.StreetA1, "91110000802100433B")),
            ["PUT /media-units/{id:guid}"] = probe.Missing(HttpMethod.Put, $"{Api}/media-units/{mediaUnit}", MediaUnit("东宁改名", world.CountyB)),
            ["GET /media-units"] = probe.Hidden($"{Api}/media-units"),
            ["GET /media-units/{id:guid}"] = probe.Missing(get, $"{Api}/media-units/{mediaUnit}"),
            ["GET /media-units/import/template"] = probe.Hidden($"{Api}/media-units/import/template"),
            ["GET /media-units/export"] = async () => await probe.ShowsAsync(await outsider.GetAsync($"{Api}/media-units/export")) is { } shown
                ? shown : (await Workbook(outsider, $"{Api}/media-units/export")).Contains("宁安范围传媒公司") ? "the workbook holds 宁安's unit" : null,
            ["POST /media-units/import"] = async () =>
            {
                using var xlsx = new MemoryStream();
                MiniExcelLibs.MiniExcel.SaveAs(xlsx, new[] { new Dictionary<string, object>
                {
                    ["单位名称"] = "东宁导入越权", ["统一社会信用代码"] = "912301001275921118", ["类型"] = "企业", ["非公有资本占比（%）"] = "10",
                    ["负面清单类别"] = "许可", ["备案日期"] = "2026-01-01", ["监管单位编码"] = "231084001",
                } });
                using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx.ToArray()), "file", "units.xlsx" } };
                return ScopeProbe.Status(await outsider.PostAsync($"{Api}/media-units/import", form), HttpStatusCode.BadRequest);
            },
            ["GET /notices/export"] = async () => await probe.ShowsAsync(await outsider.GetAsync($"{Api}/notices/export")) is { } shown
                ? shown : (await Workbook(outsider, $"{Api}/notices/export")).Contains("宁安范围事项") ? "the workbook holds 宁安's notice" : null,
            ["GET /cases/export"] = async () => await probe.ShowsAsync(await outsider.GetAsync($"{Api}/cases/export")) is { } shown
                ? shown : (await Workbook(outsider, $"{Api}/cases/export")).Contains("宁安范围网站") ? "the workbook holds 宁安's case" : null,
            ["POST /websites"] = probe.Refused(post, $"{Api}/websites", new
            {
                name = "东宁越权网站", address = "http://127.0.0.1:9/dongning", icpNumber = "黑ICP备1号", protectionLevel = 2, owner = world.StreetA1,
            }),
            ["PUT /websites/{id:guid}"] = probe.Missing(HttpMethod.Put, $"{Api}/websites/{website}", new
            {
                name = "东宁改名", address = "http://127.0.0.1:9/x", icpNumber = "黑ICP备1号", protectionLevel = 2, owner = world.CountyB,
            }),
            ["GET /websites"] = probe.Hidden($"{Api}/websites"),
            ["GET /websites/{id:guid}"] = probe.Missing(get, $"{Api}/websites/{website}"),
            ["POST /websites/{id:guid}/check"] = probe.Missing(post, $"{Api}/websites/{website}/check"),
            // A run by 东宁 checks only 东宁's sites: 宁安's stays unchecked (see AfterCasesAsync).
            ["POST /websites/check"] = async () => await probe.ShowsAsync(await outsider.PostAsync($"{Api}/websites/check", null)),
            ["POST /campaigns"] = probe.Refused(post, $"{Api}/campaigns", new
            {
                title = "东宁越权专项", from = "2026-06-01", to = "2026-08-01", targets = new[] { world.StreetA1 },
            }),
            ["PUT /campaigns/{id:guid}"] = probe.Missing(HttpMethod.Put, $"{Api}/campaigns/{campaign}", new
            {
                title = "东宁改名", from = "2026-06-01", to = "2026-08-01", targets = new[] { world.CountyB },
            }),
            ["POST /campaigns/{id:guid}/links"] = probe.Missing(post, $"{Api}/campaigns/{campaign}/links", new { cases = new[] { caseId } }),
            ["PUT /campaigns/{id:guid}/targets/{target:guid}"] = probe.Missing(HttpMethod.Put, $"{Api}/campaigns/{campaign}/targets/{world.StreetA1}",
                new { answers = Array.Empty<object>(), result = "NonCompliant", note = "东宁判定" }),
            ["POST /campaigns/{id:guid}/targets/{target:guid}/findings"] = probe.Missing(post, $"{Api}/campaigns/{campaign}/targets/{world.StreetA1}/findings", new
            {
                unit = world.StreetA1, subjectKind = "Website", subject = "东宁越权发现", severity = "Minor", finding = "x", requirements = "y", deadline,
            }),
            ["GET /campaigns/{id:guid}/export"] = probe.Missing(get, $"{Api}/campaigns/{campaign}/export"),
            ["GET /campaigns/export"] = async () => await probe.ShowsAsync(await outsider.GetAsync($"{Api}/campaigns/export")) is { } shown
                ? shown : (await Workbook(outsider, $"{Api}/campaigns/export")).Contains("宁安范围专项") ? "the workbook holds 宁安's campaign" : null,
            ["GET /rules/export"] = async () => await probe.ShowsAsync(await outsider.GetAsync($"{Api}/rules/export")) is { } shown
                ? shown : (await Workbook(outsider, $"{Api}/rules/export")).Contains("宁安范围制度") ? "the workbook holds 宁安's rule" : null,
            ["GET /websites/export"] = async () => await probe.ShowsAsync(await outsider.GetAsync($"{Api}/websites/export")) is { } shown
                ? shown : (await Workbook(outsider, $"{Api}/websites/export")).Contains("宁安范围网站检测") ? "the workbook holds 宁安's website" : null,
            ["POST /websites/{id:guid}/cases"] = probe.Missing(post, $"{Api}/websites/{website}/cases", new { severity = "Serious" }),
            ["GET /campaigns"] = probe.Hidden($"{Api}/campaigns"),
            ["GET /campaigns/{id:guid}"] = probe.Missing(get, $"{Api}/campaigns/{campaign}"),
            ["POST /rules"] = probe.Refused(post, $"{Api}/rules", new
            {
                title = "东宁越权制度", issuingBody = "东宁", status = "Draft", text = "x", units = new[] { world.StreetA1 },
            }),
            ["PUT /rules/{id:guid}"] = probe.Missing(HttpMethod.Put, $"{Api}/rules/{rule}", RuleTests.Rule("东宁改写", "东宁改写。")),
            ["POST /rules/{id:guid}/docx"] = async () =>
            {
                using var form = new MultipartFormDataContent { { new ByteArrayContent(RuleTests.Docx("东宁改写。")), "file", "东宁.docx" } };
                return ScopeProbe.Status(await outsider.PostAsync($"{Api}/rules/{rule}/docx", form), HttpStatusCode.NotFound);
            },
            ["GET /rules"] = probe.Hidden($"{Api}/rules?q={Uri.EscapeDataString("宁安范围制度")}"),
            ["GET /rules/{id:guid}"] = probe.Missing(get, $"{Api}/rules/{rule}"),
            ["GET /rules/{id:guid}/diff"] = probe.Missing(get, $"{Api}/rules/{rule}/diff?from=1&to=2"),
            ["GET /rules/{id:guid}/files/{fileId:guid}"] = probe.Missing(get, $"{Api}/rules/{rule}/files/{ruleFile}"),
        };
    }

    private static object MediaUnit(string name, Guid supervisor, string code = "91350100M000100Y43") => new
    {
        name, creditCode = code, kind = "Company", nonPublicShare = 20, category = "Permitted", filedOn = "2026-01-01", status = "Active", supervisor,
    };

    private static async Task<string> Workbook(HttpClient client, string url)
    {
        using var xlsx = new MemoryStream(await client.GetByteArrayAsync(url));
        return string.Join('\n', MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .SelectMany(r => r.Values).Select(v => v?.ToString()));
    }

    // Nothing of 宁安's changed: the notice is still signed for only, with its one file.
    protected override async Task AfterCasesAsync()
    {
        var notice = await (await ComplianceWorld.FreshAsync(world.Officer)).GetFromJsonAsync<JsonElement>($"{Api}/notices/{_notice}");
        Assert.Equal("Acknowledged", notice.GetProperty("status").GetString());
        Assert.Equal(2, notice.GetProperty("steps").GetArrayLength());
        Assert.Single(notice.GetProperty("files").EnumerateArray());
        var found = await (await ComplianceWorld.FreshAsync(world.Officer)).GetFromJsonAsync<JsonElement>($"{Api}/cases/{_case}");
        Assert.Equal("Open", found.GetProperty("status").GetString());
        var rule = await (await ComplianceWorld.FreshAsync(world.CountyAdminA)).GetFromJsonAsync<JsonElement>($"{Api}/rules/{_rule}");
        Assert.Equal("宁安范围制度", rule.GetProperty("title").GetString());
        Assert.Equal(2, rule.GetProperty("versions").GetArrayLength());
        var site = await (await ComplianceWorld.FreshAsync(world.CountyAdminA)).GetFromJsonAsync<JsonElement>($"{Api}/websites/{_website}");
        Assert.Equal("宁安范围网站检测", site.GetProperty("name").GetString());
        Assert.Equal(0, site.GetProperty("history").GetArrayLength());
    }
}
