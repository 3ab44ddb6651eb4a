using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NetInfoSuite.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>The account matrix in the console: a county editor drafts a piece for review, the dictionary marks a
/// word, a reviewer's failing check rejects it, the editor revises it and the reviewer approves when all seven pass; the account page charts
/// the account's score.</summary>
public sealed class MatrixPagesTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task A_piece_is_drafted_scanned_and_approved_only_when_all_seven_checks_pass()
    {
        var cityLogin = await console.CreateUserAsync(console.City, "CityAdmin");
        var editorLogin = await console.CreateUserAsync(console.Ningan, "Editor");
        var reviewerLogin = await console.CreateUserAsync(console.Ningan, "Reviewer");
        using var city = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await city.SignInAsync(cityLogin, ConsoleFixture.UserPassword);
        var registered = await city.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name = "宁安发布", platform = "WeChat", handle = "ningan-fabu", category = "Government", ownerUnitId = console.Ningan, verified = true,
        });
        var account = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var to in new[] { "Filed", "Active" })
            (await city.PostAsJsonAsync($"/api/account-matrix/accounts/{account}/status", new { to })).EnsureSuccessStatusCode();
        (await city.PutAsJsonAsync("/api/account-matrix/words", new { words = new[] { new { word = "既使", kind = "CommonlyWrong", suggestion = "即使" } } }))
            .EnsureSuccessStatusCode();

        var editor = await console.SignedInPageAsync(editorLogin);
        await editor.GetByRole(AriaRole.Link, new() { Name = "先审后发", Exact = true }).ClickAsync();
        await editor.GetByLabel("标题").FillAsync("镜泊湖冬捕节开幕");
        await editor.GetByLabel("正文").FillAsync("既使天寒地冻，冬捕节仍如期开幕。");
        await editor.GetByLabel("宁安发布（微信公众号）").CheckAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Expect(editor.GetByRole(AriaRole.Heading, new() { Name = "镜泊湖冬捕节开幕" })).ToBeVisibleAsync();
        await Expect(editor.Locator("main")).ToContainTextAsync("正文 第 1 字：既使 · 易错词，建议写作“即使”");
        await editor.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交审核");
        Assert.Equal(0, await editor.GetByRole(AriaRole.Button, new() { Name = "提交审核结果" }).CountAsync()); // the author does not review
        var url = editor.Url;

        // The reviewer's home page says a piece is waiting, and leads to it.
        var reviewer = await console.SignedInPageAsync(reviewerLogin);
        await reviewer.GotoAsync("/");
        var waiting = reviewer.Locator("li.card.attention", new() { HasText = "待审核稿件" });
        await Expect(waiting.Locator(".card-figure")).ToHaveTextAsync("1");
        await waiting.GetByRole(AriaRole.Link).ClickAsync();
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "镜泊湖冬捕节开幕" }).ClickAsync();
        Assert.Equal(url, reviewer.Url);
        foreach (var check in new[] { "政治", "法律", "政策", "保密", "稿源", "安全" })
            await reviewer.Locator("fieldset", new() { Has = reviewer.GetByText(check, new() { Exact = true }) }).GetByLabel("通过").CheckAsync();
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "提交审核结果" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToContainTextAsync("未通过");
        await Expect(reviewer.Locator("table")).ToContainTextAsync("文字✗");
        await ConsoleFixture.ScreenshotAsync(reviewer, "publication-rejected");

        // The editor revises the rejected piece; the earlier review stays on record and this time every check passes.
        await editor.GotoAsync(url);
        await editor.GetByLabel("正文").FillAsync("即使天寒地冻，冬捕节仍如期开幕。");
        await editor.GetByRole(AriaRole.Button, new() { Name = "保存修改（回到草稿）" }).ClickAsync();
        await Expect(editor.Locator("main")).ToContainTextAsync("未发现词库中的敏感词或易错词");
        await editor.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交审核");
        await reviewer.GotoAsync(editor.Url);
        foreach (var box in await reviewer.GetByLabel("通过").AllAsync()) await box.CheckAsync();
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "提交审核结果" }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToContainTextAsync("审核通过");
        await Expect(reviewer.Locator("table")).ToContainTextAsync("审核通过");
        await Expect(reviewer.Locator("table")).ToContainTextAsync("修改前：");
    }

    [Fact]
    public async Task A_county_registers_a_news_account_and_is_told_beside_the_field_that_it_needs_its_licence()
    {
        var editor = await console.SignedInPageAsync(await console.CreateUserAsync(console.Dongning, "Editor"));
        await editor.GotoAsync("/account-matrix");
        await editor.GetByRole(AriaRole.Textbox, new() { Name = "名称", Exact = true }).FillAsync("东宁新闻网");
        await editor.Locator("#new-platform").SelectOptionAsync("Website");
        await editor.GetByRole(AriaRole.Textbox, new() { Name = "账号（平台上的名称或 ID）" }).FillAsync("dongning-news");
        await editor.GetByLabel("类别").SelectOptionAsync("News");
        await editor.GetByRole(AriaRole.Button, new() { Name = "登记（待上级备案）" }).ClickAsync();
        await Expect(editor.Locator("div.field:has(> #licence-number) .validation-message")).ToHaveTextAsync("新闻类账号须填写互联网新闻信息服务许可证");

        await editor.GetByLabel("许可证编号").FillAsync("23120240002");
        await editor.GetByLabel("发证机关").FillAsync("黑龙江省委网信办");
        await editor.GetByLabel("生效日期").FillAsync("2024-01-01");
        await editor.GetByLabel("有效期至").FillAsync("2030-12-31");
        await editor.GetByRole(AriaRole.Button, new() { Name = "登记（待上级备案）" }).ClickAsync();
        await Expect(editor.GetByRole(AriaRole.Heading, new() { Name = "东宁新闻网" })).ToBeVisibleAsync();
        await Expect(editor.Locator("main")).ToContainTextAsync("已申请");
        await Expect(editor.Locator("main")).ToContainTextAsync("23120240002");
    }

    [Fact]
    public async Task A_county_merges_an_account_into_another_chosen_by_name_and_its_history_names_people()
    {
        var adminLogin = await console.CreateUserAsync(console.Ningan, "CountyAdmin");
        using var county = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await county.SignInAsync(adminLogin, ConsoleFixture.UserPassword);
        using var city = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await city.SignInAsync(await console.CreateUserAsync(console.City, "CityAdmin"), ConsoleFixture.UserPassword); // files them (备案)
        async Task<Guid> ActiveAsync(string name, string platform, string handle)
        {
            var id = (await (await county.PostAsJsonAsync("/api/account-matrix/accounts", new
            {
                name, platform, handle, category = "Government", ownerUnitId = console.Ningan,
            })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            foreach (var to in new[] { "Filed", "Active" })
                (await city.PostAsJsonAsync($"/api/account-matrix/accounts/{id}/status", new { to })).EnsureSuccessStatusCode();
            return id;
        }
        var old = await ActiveAsync("宁安旧快手", "Kuaishou", "ningan-old-ks");
        await ActiveAsync("宁安融媒抖音", "Douyin", "ningan-rm-dy");

        var page = await console.SignedInPageAsync(adminLogin, width: 375, height: 812);
        await page.GotoAsync($"/account-matrix/accounts/{old}");
        await page.GetByLabel("变更为").SelectOptionAsync("Merged");
        await page.GetByLabel("按名称搜索账号").FillAsync("融媒");
        await page.Locator("fieldset.picker").GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "宁安融媒抖音" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.Locator(".timeline li").Last).ToContainTextAsync("已合并");
        await Expect(page.Locator(".timeline")).ToContainTextAsync("测试用户"); // who acted, by name (never a login)
        Assert.DoesNotContain(adminLogin, await page.Locator("main").InnerTextAsync());
    }

    [Fact]
    public async Task An_editor_tags_a_post_to_a_topic_by_its_title()
    {
        using var city = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await city.SignInAsync(await console.CreateUserAsync(console.City, "CityAdmin"), ConsoleFixture.UserPassword);
        var account = (await (await city.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name = "宁安哔哩", platform = "Bilibili", handle = "ningan-bili", category = "Government", ownerUnitId = console.Ningan,
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var to in new[] { "Filed", "Active" })
            (await city.PostAsJsonAsync($"/api/account-matrix/accounts/{account}/status", new { to })).EnsureSuccessStatusCode();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        (await city.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            articles = new[]
            {
                new { id = "bili-901", accountId = account, day = today.AddDays(-1), title = "镜泊湖冬捕开幕", headline = true, reads = 5000 },
                new { id = "bili-902", accountId = account, day = today.AddDays(-2), title = "宁安天气预报", headline = false, reads = 300 },
            },
        })).EnsureSuccessStatusCode();
        var editorLogin = await console.CreateUserAsync(console.Ningan, "Editor");
        using var ningan = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await ningan.SignInAsync(editorLogin, ConsoleFixture.UserPassword); // the county's own topic
        var topic = (await (await ningan.PostAsJsonAsync("/api/account-matrix/topics", new
        {
            title = "冬捕节专题", from = today.AddDays(-10), to = today.AddDays(10), description = "冬捕节宣传", accounts = new[] { account },
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var editor = await console.SignedInPageAsync(editorLogin, width: 375, height: 812);
        await editor.GotoAsync($"/account-matrix/topics/{topic}");
        await editor.GetByLabel("按标题搜索稿件").FillAsync("冬捕");
        await editor.Locator("fieldset.picker").GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Expect(editor.GetByRole(AriaRole.Checkbox, new() { Name = "宁安天气预报" })).ToHaveCountAsync(0);
        await editor.GetByRole(AriaRole.Checkbox, new() { Name = "镜泊湖冬捕开幕" }).CheckAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "关联" }).ClickAsync();
        var row = editor.Locator("tbody tr", new() { HasText = "宁安哔哩" });
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await Expect(editor.GetByRole(AriaRole.Checkbox, new() { Name = "镜泊湖冬捕开幕" })).ToHaveCountAsync(0); // tagged: no longer offered
        Assert.DoesNotContain("bili-901", await editor.Locator("main").InnerTextAsync());
    }

    [Fact]
    public async Task An_editor_records_training_by_choosing_units_by_name_and_listing_each_ones_people()
    {
        var street = await console.CreateUnitAsync("231084001", "宁安市西城街道", "Street", console.Ningan);
        var editor = await console.SignedInPageAsync(await console.CreateUserAsync(console.Ningan, "Editor"), width: 375, height: 812);
        await editor.GotoAsync("/account-matrix/training");
        await editor.GetByLabel("主题").FillAsync("新媒体运营培训");
        await editor.GetByLabel("培训单位").FillAsync("市委网信办");
        await editor.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await Expect(editor.Locator("fieldset.picker .validation-message")).ToContainTextAsync("请选择参训单位");

        // Two units found by name and ticked; each gets its own box of names.
        foreach (var unit in new[] { "宁安市", "西城街道" })
        {
            await editor.GetByLabel("按名称或编码搜索单位").FillAsync(unit);
            await editor.Locator("fieldset.picker").GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
            await editor.GetByRole(AriaRole.Checkbox, new() { NameRegex = new System.Text.RegularExpressions.Regex(unit == "宁安市" ? "^宁安市(?!西城街道)" : "^宁安市西城街道") }).CheckAsync();
        }
        await editor.GetByRole(AriaRole.Button, new() { Name = "填写参训人员" }).ClickAsync();
        await editor.GetByLabel("宁安市 参训人员").FillAsync("张伟\n李娜");
        await editor.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await Expect(editor.Locator("main")).ToContainTextAsync("请填写这些单位的参训人员：宁安市西城街道");
        await Expect(editor.GetByLabel("宁安市 参训人员")).ToHaveValueAsync("张伟\n李娜"); // nothing typed is lost

        await editor.GetByLabel("宁安市西城街道 参训人员").FillAsync("王芳、赵磊，刘洋");
        await editor.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("已登记，5 人参训");
        var session = editor.Locator("tbody tr", new() { HasText = "新媒体运营培训" });
        await Expect(session).ToContainTextAsync("5");
        await Expect(editor.Locator("tbody tr", new() { HasText = "宁安市西城街道" })).ToContainTextAsync("3");
        Assert.DoesNotContain(street, await editor.Locator("main").InnerTextAsync());
        await ConsoleFixture.ScreenshotAsync(editor, "training-phone");
    }

    [Fact]
    public async Task An_accounts_page_charts_its_weekly_score_and_the_dashboard_its_posts()
    {
        var cityLogin = await console.CreateUserAsync(console.City, "CityAdmin");
        using var city = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await city.SignInAsync(cityLogin, ConsoleFixture.UserPassword);
        var registered = await city.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name = "东宁发布", platform = "WeChat", handle = "dongning-fabu", category = "Government", ownerUnitId = console.Dongning, verified = true,
        });
        var account = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var to in new[] { "Filed", "Active" })
            (await city.PostAsJsonAsync($"/api/account-matrix/accounts/{account}/status", new { to })).EnsureSuccessStatusCode();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)); // the office (Beijing) day
        (await city.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            articles = Enumerable.Range(1, 6).Select(w => new { id = $"dn-{w}", accountId = account, day = today.AddDays(-7 * w), title = "周报", headline = true, reads = 1000 * w }),
        })).EnsureSuccessStatusCode();

        var page = await console.SignedInPageAsync(cityLogin);
        await page.GotoAsync("/account-matrix");
        await page.GetByRole(AriaRole.Link, new() { Name = "东宁发布" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "东宁发布" })).ToBeVisibleAsync();
        await Expect(page.Locator(".chart-canvas canvas")).ToHaveCountAsync(1);
        await Expect(page.Locator(".timeline li")).ToHaveCountAsync(3); // applied, filed, active
        await ConsoleFixture.ScreenshotAsync(page, "account-score-chart");

        // An account that never posted is on the weekly dormant list, under its county.
        var silent = (await (await city.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name = "东宁旧微博", platform = "Weibo", handle = "dongning-old", category = "Government", ownerUnitId = console.Dongning,
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var to in new[] { "Filed", "Active" })
            (await city.PostAsJsonAsync($"/api/account-matrix/accounts/{silent}/status", new { to })).EnsureSuccessStatusCode();
        await page.GotoAsync("/account-matrix/dormant");
        var row = page.Locator("tr", new() { HasText = "东宁旧微博" });
        await Expect(row).ToContainTextAsync("东宁市");
        await Expect(row).ToContainTextAsync("从未发布");
        await Expect(page.Locator("tr", new() { HasText = "东宁发布" })).ToHaveCountAsync(0);

        // The dashboard shows this quarter so far: the weekly articles of the last six weeks count (one a week,
        // fewer when the quarter began less than six weeks ago).
        await page.GotoAsync("/account-matrix/dashboard?period=quarter");
        await Expect(page.Locator(".chart-canvas canvas")).ToHaveCountAsync(1);
        var quarterStart = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        var posts = Enumerable.Range(1, 6).Count(w => today.AddDays(-7 * w) >= quarterStart);
        var total = page.Locator(".chart-data tr", new() { HasText = "东宁市" });
        await Expect(total).ToContainTextAsync(posts.ToString());
        await ConsoleFixture.ScreenshotAsync(page, "matrix-dashboard");
    }
}
