using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>The 审计员 reads the audit trail in the browser (there was no page: the role could do nothing in the
/// console): actions in words, people and units by name, days in Beijing time, an export of the same records.</summary>
public sealed class AuditPageTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    public static TheoryData<int> Widths => [1366, 375];

    [Theory, MemberData(nameof(Widths))]
    public async Task An_auditor_reads_and_filters_the_trail_in_words(int width)
    {
        var auditor = await console.CreateUserAsync(console.City, "Auditor");
        var page = await console.SignedInPageAsync(auditor, width: width);
        if (width < 700) await page.GetByText("菜单", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "审计日志" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "审计日志" })).ToBeVisibleAsync();

        var main = page.Locator("main");
        await Expect(main).ToContainTextAsync("新建用户"); // the auditor's own account was created by a command
        await Expect(main).ToContainTextAsync("登录");
        await Expect(main).ToContainTextAsync("测试用户");
        await Expect(main).ToContainTextAsync("牡丹江市");
        var text = await main.InnerTextAsync();
        Assert.DoesNotMatch(new Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", RegexOptions.IgnoreCase), text);
        Assert.DoesNotContain("CreateUser", text);
        Assert.DoesNotContain("SignIn", text);

        // Only sign-ins of today (a Beijing day): every row says 登录.
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");
        await page.GetByLabel("操作").SelectOptionAsync(new SelectOptionValue { Label = "登录" });
        await page.GetByLabel("从").FillAsync(today);
        await page.GetByLabel("到").FillAsync(today);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("action=SignIn"));
        var actions = await page.Locator("td[data-label='操作']").AllInnerTextsAsync();
        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.Equal("登录", a));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "导出 Excel" })).ToHaveAttributeAsync("href", new Regex("^/api/audit/export\\?.*action=SignIn"));

        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id).ToList();
        Assert.Empty(serious);
        await ConsoleFixture.ScreenshotAsync(page, $"audit-{width}");
    }
}
