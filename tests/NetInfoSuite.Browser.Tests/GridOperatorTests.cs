using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NetInfoSuite.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>The grid operator on a phone: their task, the feedback form, a refusal beside its field, the report;
/// and the city's progress page with its chart.</summary>
public sealed class GridOperatorTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task On_a_375_px_phone_an_operator_reports_a_task_and_the_city_sees_the_progress()
    {
        var street = await console.CreateUnitAsync("231086300", "三岔口镇", "Street", console.Dongning);
        var community = await console.CreateUnitAsync("231086301", "三岔口社区", "Community", street);
        var operatorLogin = await console.CreateUserAsync(community, "GridOperator");
        var cityLogin = await console.CreateUserAsync(console.City, "CityAdmin");
        using var city = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await city.SignInAsync(cityLogin, ConsoleFixture.UserPassword);
        (await city.PostAsJsonAsync("/api/grid-dispatch/groups", new
        {
            name = "三岔口网格一群", kind = "GridGroup", platform = "WeChat", orgUnitId = community, memberCount = 320,
            operators = new[] { new { name = "李网格", phone = "13900005678", login = operatorLogin } },
        })).EnsureSuccessStatusCode();
        var draft = await city.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "寒潮预警：请提醒居民防寒", body = "今夜最低气温零下三十度，请提醒居民注意防寒保暖。", category = "ExtremeWeather", urgency = "Urgent",
            delivery = "Direct",
        });
        var directive = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var approver = new HttpClient { BaseAddress = console.Host.Client.BaseAddress }; // who drafts does not approve
        await approver.SignInAsync(await console.CreateUserAsync(console.City, "CityAdmin"), ConsoleFixture.UserPassword);
        (await approver.PostAsync($"/api/grid-dispatch/directives/{directive}/approve", null)).EnsureSuccessStatusCode();
        (await city.PostAsync($"/api/grid-dispatch/directives/{directive}/issue", null)).EnsureSuccessStatusCode();

        var phone = await console.SignedInPageAsync(operatorLogin, width: 375, height: 812);
        // On a phone the page comes first; the menu opens from its button.
        Assert.False(await phone.GetByRole(AriaRole.Link, new() { Name = "我的传播任务" }).IsVisibleAsync());
        await phone.GetByText("菜单", new() { Exact = true }).ClickAsync();
        await phone.GetByRole(AriaRole.Link, new() { Name = "我的传播任务" }).ClickAsync();
        await phone.GetByRole(AriaRole.Link, new() { Name = "三岔口网格一群" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "寒潮预警：请提醒居民防寒" })).ToBeVisibleAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync();
        await Expect(phone.Locator(".field:has(#reached) .validation-message")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("."));
        await ConsoleFixture.ScreenshotAsync(phone, "operator-feedback-refused-375");

        await phone.GetByLabel("覆盖人数").FillAsync("300");
        await phone.GetByLabel("备注").FillAsync("已转发并置顶");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("已反馈：覆盖 300 人");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            "the operator's pages fit a 375 px screen");
        await ConsoleFixture.ScreenshotAsync(phone, "operator-feedback-375");

        var office = await console.SignedInPageAsync(cityLogin);
        await office.GotoAsync($"/grid-dispatch/directives/{directive}");
        await Expect(office.Locator("main h2").First).ToContainTextAsync("完成 100%");
        await Expect(office.Locator(".chart-canvas canvas")).ToHaveCountAsync(1);
        await ConsoleFixture.ScreenshotAsync(office, "directive-progress");
    }
}
