using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetInfoSuite.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>The first run (issue 15 item 7): on a system with no unit the built-in administrator is walked through
/// creating the city and a city administrator, in the browser, and that administrator can then sign in.</summary>
public sealed class FirstRunTests(EmptyConsoleFixture console) : IClassFixture<EmptyConsoleFixture>
{
    [Fact]
    public async Task The_built_in_administrator_is_walked_through_creating_the_city_and_its_administrator()
    {
        var page = await console.SignedInPageAsync("admin", TestHost.AdminPassword, width: 375, height: 812);
        var steps = page.Locator("section.first-steps");
        await Expect(steps).ToContainTextAsync("内置管理员不属于任何单位");
        await ConsoleFixture.ScreenshotAsync(page, "first-run-375");
        await steps.GetByRole(AriaRole.Link, new() { Name = "新建市级单位" }).ClickAsync();

        await page.GetByRole(AriaRole.Textbox, new() { Name = "编码", Exact = true }).FillAsync("231000");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "名称", Exact = true }).FillAsync("牡丹江市");
        await page.GetByLabel("层级").SelectOptionAsync("City");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已创建 牡丹江市");

        await page.GotoAsync("/");
        await Expect(steps.Locator("li.done")).ToContainTextAsync("单位已建好");
        await steps.GetByRole(AriaRole.Link, new() { Name = "新建市级管理员" }).ClickAsync();
        await page.GetByLabel("登录名").FillAsync("cityadmin");
        await page.GetByLabel("姓名").FillAsync("李建国");
        await EverydayWorkTests.PickUnitAsync(page, "牡丹江市");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "市级管理员" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        var password = await page.Locator(".otp").InnerTextAsync();

        await page.GotoAsync("/");
        await Expect(steps).ToHaveCountAsync(0); // both steps done: the home page is the cards again
        var city = await console.SignedInPageAsync("cityadmin", password);
        await Expect(city.Locator("header .who")).ToContainTextAsync("李建国 · 牡丹江市");
        Assert.DoesNotMatch(new Regex("/sign-in"), city.Url);

        // On the new system every list says what to do next, not only that nothing matches.
        var units = await console.Host.Client.GetFromJsonAsync<JsonElement>("/api/directory/units/by-code/231000");
        var officer = await console.SignedInPageAsync(await console.CreateUserAsync(units.GetProperty("id").GetString()!, "CityAdmin"), width: 375);
        foreach (var url in new[] { "/inbox", "/grid-dispatch/directives", "/grid-dispatch/groups", "/account-matrix/publishing", "/account-matrix/topics",
                                    "/account-matrix/training", "/account-matrix/messages", "/account-matrix/reposts", "/account-matrix/dormant" })
        {
            await officer.GotoAsync(url);
            var empty = officer.Locator("td.empty").First;
            await Expect(empty).ToBeVisibleAsync();
            Assert.DoesNotContain("没有符合条件的记录", await empty.InnerTextAsync());
        }
        await officer.GotoAsync("/grid-dispatch/directives");
        await officer.Locator("td.empty").GetByRole(AriaRole.Link, new() { Name = "起草指令" }).ClickAsync();
        await Expect(officer.GetByLabel("标题")).ToBeVisibleAsync();
    }
}
