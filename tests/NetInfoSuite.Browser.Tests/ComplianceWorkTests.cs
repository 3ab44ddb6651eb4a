using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MiniExcelLibs;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>Compliance work in the console: the city's compliance officer issues a rectification notice with the unit
/// picker (nothing typed as an id), the notice prints in the office's format (红头, 文号, the date in Chinese numerals),
/// the county signs for it on a 375 px phone, media units come in from a workbook with a per-row report, and a special
/// campaign is started and changed with pickers, a target checked and a finding issued as a notice, then reported.</summary>
public sealed class ComplianceWorkTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    private static readonly Regex Guid36 = new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase);

    [Fact]
    public async Task A_notice_is_issued_with_the_unit_picker_prints_as_a_red_header_document_and_the_county_signs_for_it_on_a_phone()
    {
        var officer = await console.SignedInPageAsync(await console.CreateUserAsync(console.City, "ComplianceOfficer"), width: 1366);
        await officer.GotoAsync("/compliance/notices/new");
        await officer.GetByLabel("整改事项").FillAsync("宁安市政务网站首页长期未更新");
        await officer.GetByLabel("存在问题").FillAsync("首页最近一次更新在 20 天前。");
        await officer.GetByLabel("整改要求").FillAsync("立即更新首页并建立更新台账。");
        await officer.GetByLabel("整改期限").FillAsync("2030-12-31");
        // An empty form is refused beside its field; then the unit is chosen by name.
        await officer.GetByRole(AriaRole.Button, new() { Name = "下发" }).ClickAsync();
        await Expect(officer.Locator(".validation-message").First).ToContainTextAsync("被通知单位");
        await officer.GetByLabel("按名称或编码搜索单位").FillAsync("宁安市");
        await officer.Locator("fieldset.picker").GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await officer.GetByRole(AriaRole.Radio, new() { Name = "宁安市" }).CheckAsync();
        await Expect(officer.GetByLabel("整改事项")).ToHaveValueAsync("宁安市政务网站首页长期未更新"); // nothing typed is lost
        await officer.GetByRole(AriaRole.Button, new() { Name = "下发" }).ClickAsync();

        var heading = officer.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Expect(heading).ToContainTextAsync(new Regex("^牡网信整字〔\\d{4}〕第\\d+号$"));
        var number = (await heading.TextContentAsync())!.Trim();
        Assert.DoesNotMatch(Guid36, await officer.Locator("main").InnerTextAsync());
        await officer.GetByRole(AriaRole.Link, new() { Name = "打印通知书" }).ClickAsync();
        await Expect(officer.Locator(".red-head")).ToHaveTextAsync("牡丹江市");
        await Expect(officer.Locator(".doc-number")).ToHaveTextAsync(number);
        await Expect(officer.Locator("article")).ToContainTextAsync("宁安市：");
        await Expect(officer.Locator("article")).ToContainTextAsync("请于二〇三〇年十二月三十一日前完成整改");
        Assert.Equal("rgb(204, 0, 0)", await officer.Locator(".red-head").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        await ConsoleFixture.ScreenshotAsync(officer, "compliance-notice-print");

        // The county signs for it from its list of notices received, on a phone.
        var county = await console.SignedInPageAsync(await console.CreateUserAsync(console.Ningan, "CountyAdmin"), width: 375, height: 800);
        await county.GotoAsync("/compliance/notices?filter=Received");
        await county.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await county.GetByLabel("备注").FillAsync("已收到，正在整改");
        await county.GetByRole(AriaRole.Button, new() { Name = "签收" }).ClickAsync();
        await Expect(county.GetByRole(AriaRole.Status)).ToContainTextAsync("已签收");
        await Expect(county.Locator("main")).ToContainTextAsync("提交整改报告");
        Assert.True(await county.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page fits a 375 px screen");
        await ConsoleFixture.ScreenshotAsync(county, "compliance-notice-signed-375");
    }

    [Fact]
    public async Task A_rule_typed_in_the_form_is_found_by_a_word_of_its_text_on_a_phone_with_the_word_marked()
    {
        var officer = await console.SignedInPageAsync(await console.CreateUserAsync(console.City, "ComplianceOfficer"), width: 1366);
        await officer.GotoAsync("/compliance/rules");
        await officer.GetByRole(AriaRole.Link, new() { Name = "新增制度" }).ClickAsync();
        await officer.Locator("#rule-title").FillAsync("牡丹江市网络媒体意识形态管理制度");
        await officer.Locator("#rule-number").FillAsync("牡网信发〔2026〕7号");
        await officer.Locator("#rule-body").FillAsync("牡丹江市委网信办");
        await officer.Locator("#rule-effective").FillAsync("2026-03-15");
        await officer.Locator("#rule-text").FillAsync("第一条 为落实网络意识形态工作责任制，制定本制度。\n第二条 各单位主要负责人是第一责任人。");
        await officer.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("《牡丹江市网络媒体意识形态管理制度》");
        Assert.DoesNotMatch(Guid36, await officer.Locator("main").InnerTextAsync());

        // A county viewer on a phone finds it by a word of its text; a single character is explained.
        var county = await console.SignedInPageAsync(await console.CreateUserAsync(console.Ningan, "Viewer"), width: 375, height: 800);
        await county.GotoAsync("/compliance/rules");
        await county.GetByLabel("全文检索（两个字以上）").FillAsync("责任制");
        await county.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(county.GetByRole(AriaRole.Link, new() { Name = "《牡丹江市网络媒体意识形态管理制度》" })).ToBeVisibleAsync();
        await Expect(county.Locator("mark").First).ToHaveTextAsync("责任制");
        Assert.True(await county.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page fits a 375 px screen");
        await ConsoleFixture.ScreenshotAsync(county, "compliance-rules-search-375");
        await county.GetByLabel("全文检索（两个字以上）").FillAsync("网");
        await county.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(county.Locator("main p.error")).ToContainTextAsync("至少两个字");
        await county.GetByLabel("全文检索（两个字以上）").FillAsync("区块链");
        await county.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(county.Locator("td.empty")).ToContainTextAsync("没有找到含有这些词的制度");
    }

    [Fact]
    public async Task Media_units_come_in_from_a_workbook_after_a_per_row_report()
    {
        var page = await console.SignedInPageAsync(await console.CreateUserAsync(console.City, "ComplianceOfficer"));
        byte[] Workbook(params (string Name, string Code)[] rows)
        {
            using var file = new MemoryStream();
            MiniExcel.SaveAs(file, rows.Select(r => new Dictionary<string, object>
            {
                ["单位名称"] = r.Name, ["统一社会信用代码"] = r.Code, ["类型"] = "企业", ["非公有资本占比（%）"] = "40", ["负面清单类别"] = "限制类",
                ["经营范围"] = "网络文化经营", ["备案日期"] = "2026-02-01", ["状态"] = "正常", ["监管单位编码"] = "231084", ["备注"] = "",
            }).ToArray());
            return file.ToArray();
        }

        await page.GotoAsync("/compliance/media-units");
        await page.GetByLabel("Excel 文件（.xlsx）").SetInputFilesAsync(new FilePayload
            { Name = "bad.xlsx", MimeType = "application/octet-stream", Buffer = Workbook(("镜泊湖文化传媒公司", "91110000802100433B"), ("错码公司", "91110000802100433C")) });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并检查" }).ClickAsync();
        await Expect(page.Locator("table.import-errors")).ToContainTextAsync("第 3 行「统一社会信用代码」");
        await Expect(page.Locator("table.import-errors")).ToContainTextAsync("校验位不符");
        await ConsoleFixture.ScreenshotAsync(page, "compliance-media-units-import-refused");

        await page.GotoAsync("/compliance/media-units");
        await page.GetByLabel("Excel 文件（.xlsx）").SetInputFilesAsync(new FilePayload
            { Name = "good.xlsx", MimeType = "application/octet-stream", Buffer = Workbook(("镜泊湖文化传媒公司", "91110000802100433B")) });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并检查" }).ClickAsync();
        await Expect(page.GetByText("文件共 1 行数据")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认导入" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("新增 1 个");
        await page.GotoAsync("/compliance/media-units");
        await Expect(page.Locator("main table")).ToContainTextAsync("镜泊湖文化传媒公司");
        await Expect(page.Locator("main table")).ToContainTextAsync("限制类");
    }
    [Fact]
    public async Task A_campaign_is_started_and_changed_with_pickers_a_target_checked_and_a_finding_issued_as_a_notice_then_reported()
    {
        var officer = await console.SignedInPageAsync(await console.CreateUserAsync(console.City, "ComplianceOfficer"), width: 1366);
        await officer.GotoAsync("/compliance/campaigns");
        await officer.Locator("#campaign-title").FillAsync("浏览器违规外包专项整治");
        await officer.Locator("#campaign-checklist").FillAsync("是否存在违规外包内容运营");
        var units = officer.Locator("fieldset.picker").First;
        await units.GetByLabel("按名称或编码搜索单位").FillAsync("宁安市");
        await units.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await officer.GetByRole(AriaRole.Checkbox, new() { Name = "宁安市" }).CheckAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "发起" }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("浏览器违规外包专项整治");

        // Changed through its form: the targets stay chosen in the picker, nothing is typed as an id.
        await officer.Locator("#campaign-title").FillAsync("浏览器违规外包专项整治（第二阶段）");
        await officer.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存");
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("浏览器违规外包专项整治（第二阶段）");
        Assert.DoesNotMatch(Guid36, await officer.Locator("main").InnerTextAsync());

        await officer.GetByRole(AriaRole.Link, new() { Name = "宁安市", Exact = true }).ClickAsync();
        await officer.GetByRole(AriaRole.Radio, new() { Name = "达标", Exact = true }).CheckAsync();
        await officer.GetByLabel("检查结果").SelectOptionAsync(new SelectOptionValue { Label = "合格" });
        await officer.GetByRole(AriaRole.Button, new() { Name = "保存检查结果" }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Status)).ToContainTextAsync("检查结果已保存");

        await officer.GetByLabel("对象（网站、账号或单位名称）").FillAsync("宁安市政务公众号");
        await officer.GetByLabel("存在问题").FillAsync("公众号内容运维外包给第三方公司。");
        await officer.GetByLabel("整改要求").FillAsync("收回运维权限，报送整改报告。");
        await officer.GetByLabel("整改期限").FillAsync("2030-12-31");
        await officer.GetByRole(AriaRole.Button, new() { Name = "立案并下发" }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(new Regex("^牡网信整字〔\\d{4}〕第\\d+号$"));

        await officer.GotoAsync("/compliance/campaigns");
        await officer.GetByRole(AriaRole.Link, new() { Name = "浏览器违规外包专项整治（第二阶段）" }).ClickAsync();
        await officer.GetByRole(AriaRole.Link, new() { Name = "专项治理报告（打印）" }).ClickAsync();
        await Expect(officer.Locator("article")).ToContainTextAsync("已检查 1 个，其中合格 1 个");
        await Expect(officer.Locator("article")).ToContainTextAsync("宁安市政务公众号");
        await ConsoleFixture.ScreenshotAsync(officer, "compliance-campaign-report");
    }
}
