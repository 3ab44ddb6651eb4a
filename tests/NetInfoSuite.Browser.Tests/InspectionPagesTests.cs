using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NetInfoSuite.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>督导考评 as the city's inspector does it, at 1366 px and on a 375 px phone: the plan editor refuses an automatic
/// indicator without its figure beside the field and adds it with one; a target is scored on its card (a deduction's
/// findings) with a screenshot as evidence, the total follows, and the card is finalised. A city admin publishes the
/// bulletin, and the county reads it from its inbox.</summary>
public sealed class InspectionPagesTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Theory]
    [InlineData(375, 812)]
    [InlineData(1366, 768)]
    public async Task An_inspector_edits_a_plan_and_scores_a_target_on_its_card(int width, int height)
    {
        var login = await console.CreateUserAsync(console.City, "Inspector");
        using var api = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await api.SignInAsync(login, ConsoleFixture.UserPassword);
        var name = $"政务新媒体检查{width}";
        var created = await api.PostAsJsonAsync("/api/inspection/plans", new { name, year = 2026, template = "gov-new-media" });
        created.EnsureSuccessStatusCode();
        var plan = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await api.PostAsJsonAsync($"/api/inspection/plans/{plan}/groups", new { name = "县（市、区）", units = new[] { console.Ningan, console.Dongning } }))
            .EnsureSuccessStatusCode();

        var page = await console.SignedInPageAsync(login, width: width, height: height);
        await page.GotoAsync("/inspection/plans");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"2026 {name}" })).ToBeVisibleAsync();

        // An automatic indicator without its figure is refused beside the field; with one it joins the tree.
        await page.Locator("#indicator-name").FillAsync("留言回复");
        await page.Locator("#indicator-points").FillAsync("10");
        await page.Locator("#indicator-method").SelectOptionAsync(new SelectOptionValue { Label = "自动计分" });
        await page.GetByRole(AriaRole.Button, new() { Name = "添加", Exact = true }).ClickAsync();
        await Expect(page.Locator(".field:has(#indicator-source) .validation-message")).ToContainTextAsync("数据来源");
        await page.Locator("#indicator-source").SelectOptionAsync(new SelectOptionValue { Label = "新媒体矩阵 · 网民留言回复率" });
        await page.GetByRole(AriaRole.Button, new() { Name = "添加", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("指标已添加");
        await Expect(page.Locator("table.indicators")).ToContainTextAsync("留言回复");
        Assert.True(await Fits(page), $"the plan editor fits {width} px");
        await ConsoleFixture.ScreenshotAsync(page, $"inspection-plan-{width}");

        // The score sheet leads to 宁安市's card; two findings under 更新频率 (3 each) take 6 of its 15 points.
        await page.GetByRole(AriaRole.Link, new() { Name = "得分表" }).First.ClickAsync();
        await page.WaitForURLAsync($"**/inspection/plans/{plan}/scores"); // the plan page names 宁安市 too: wait for the sheet
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "宁安市" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "宁安市 · 考评表" })).ToBeVisibleAsync();
        var before = await page.Locator("dd.total").InnerTextAsync();
        await page.Locator("tr:has-text('更新频率')").GetByRole(AriaRole.Link, new() { Name = "评分" }).ClickAsync();
        await page.Locator("#entry-findings").FillAsync("2");
        await page.Locator("#entry-comment").FillAsync("3 月、5 月各有一周未更新");
        // The inspector's evidence goes with the score: a screenshot of the account's history.
        await page.Locator("#entry-files").SetInputFilesAsync(new FilePayload { Name = "更新记录截图.png", MimeType = "image/png", Buffer = Png });
        await page.GetByRole(AriaRole.Button, new() { Name = "保存评分" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("评分已保存");
        await Expect(page.Locator("tr:has-text('更新频率')")).ToContainTextAsync("9");
        await Expect(page.Locator("tr:has-text('更新频率')")).ToContainTextAsync("3 月、5 月各有一周未更新");
        var evidence = page.Locator("tr:has-text('更新频率')").GetByRole(AriaRole.Link, new() { Name = "更新记录截图.png" });
        await Expect(evidence).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => evidence.ClickAsync());
        Assert.Equal(Png, await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.NotEqual(before, await page.Locator("dd.total").InnerTextAsync());
        Assert.True(await Fits(page), $"the score card fits {width} px");
        await ConsoleFixture.ScreenshotAsync(page, $"inspection-card-{width}");

        // Finalised, the card keeps its figures and takes no more scores.
        await page.GetByText("确认考评表", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("考评表已确认");
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "评分", Exact = true }).CountAsync());
    }

    [Theory]
    [InlineData(375, 812)]
    [InlineData(1366, 768)]
    public async Task A_city_admin_publishes_the_bulletin_and_the_county_reads_it(int width, int height)
    {
        // Results published through the API (the card work is the test above): 宁安市 lost points, 东宁市 did not.
        var admin = await console.CreateUserAsync(console.City, "CityAdmin");
        var county = await console.CreateUserAsync(console.Ningan, "CountyAdmin"); // in post before the bulletin goes out
        using var api = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await api.SignInAsync(admin, ConsoleFixture.UserPassword);
        var name = $"网信工作督导考评{width}";
        var plan = (await (await api.PostAsJsonAsync("/api/inspection/plans", new { name, year = 2026 })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetGuid();
        var tree = await (await api.PostAsJsonAsync($"/api/inspection/plans/{plan}/indicators", new { name = "工作机制", points = 100, method = "Manual" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var indicator = tree.GetProperty("indicators")[0].GetProperty("id").GetGuid();
        (await api.PostAsJsonAsync($"/api/inspection/plans/{plan}/groups", new { name = "县（市、区）", units = new[] { console.Ningan, console.Dongning } }))
            .EnsureSuccessStatusCode();
        (await api.PutAsJsonAsync($"/api/inspection/plans/{plan}/cards/{console.Ningan}/entries/{indicator}", new { score = 55, comment = "责任制台账不全" }))
            .EnsureSuccessStatusCode();
        (await api.PutAsJsonAsync($"/api/inspection/plans/{plan}/cards/{console.Dongning}/entries/{indicator}", new { score = 92 })).EnsureSuccessStatusCode();
        (await api.PostAsync($"/api/inspection/plans/{plan}/publish", null)).EnsureSuccessStatusCode();

        var page = await console.SignedInPageAsync(admin, width: width, height: height);
        await page.GotoAsync($"/inspection/plans/{plan}/bulletin");
        await Expect(page.Locator("body")).ToContainTextAsync("宁安市");
        await page.Locator("#bulletin-number").FillAsync($"牡网信通〔2026〕{width}号");
        await page.GetByText("印发通报", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/inspection/bulletins/{plan}");
        await Expect(page.Locator("body")).ToContainTextAsync($"牡网信通〔2026〕{width}号");
        Assert.True(await Fits(page), $"the published bulletin fits {width} px");
        await ConsoleFixture.ScreenshotAsync(page, $"inspection-bulletin-{width}");

        // 宁安市's administrator is told in the inbox and reads it from the bulletins page.
        var countyPage = await console.SignedInPageAsync(county, width: width, height: height);
        var told = countyPage.Locator("tbody tr", new() { HasText = name });
        for (var i = 0; i < 60 && await told.CountAsync() == 0; i++) // it arrives through the outbox
        {
            await countyPage.GotoAsync("/inbox");
            if (await told.CountAsync() == 0) await Task.Delay(500);
        }
        await Expect(told.First).ToContainTextAsync("考评结果通报");
        await countyPage.GotoAsync("/inspection/bulletins");
        await countyPage.GetByRole(AriaRole.Link, new() { Name = name }).First.ClickAsync();
        await Expect(countyPage.Locator("body")).ToContainTextAsync("宁安市　55分　不合格");
        await Expect(countyPage.Locator("body")).ToContainTextAsync("宁安市：工作机制，扣45分。责任制台账不全");
        Assert.True(await Fits(countyPage), $"the bulletin list and bulletin fit {width} px");
    }

    // A 1×1 PNG: real bytes, so the download can be compared with what was uploaded.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static Task<bool> Fits(IPage page) => page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
}
