using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MiniExcelLibs;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>The console in headless Chromium against the host running as its own process with its real plugins.</summary>
public sealed class ConsoleTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    private static readonly Regex Anything = new(".");

    [Fact]
    public async Task The_navigation_shows_exactly_the_modules_enabled_for_the_tenant_and_permitted_to_the_role()
    {
        var ninganViewer = await console.SignedInPageAsync(await console.CreateUserAsync(console.Ningan, "Viewer"));
        Assert.Equal(["首页", "消息", "组织机构", "新媒体账号", "传播力排名", "影响力榜单", "四力评价", "矩阵数据看板", "僵尸号排查", "先审后发", "网民留言", "指令转发核查", "专题专栏", "业务培训", "传播指令", "考评", "整改通知书", "审核案件", "非公有资本登记", "制度库", "专项治理", "网站安全检测", "考评方案", "巡察", "考评通报", "目标管理", "镜泊湖冬捕"], await NavLinks(ninganViewer));
        Assert.Equal(["基础平台", "新媒体矩阵", "网格传播", "合规整改", "检查考评", "本地应用"], await ninganViewer.Locator("nav.side h2").AllInnerTextsAsync());

        // Another county never sees 宁安市's local plugin; its administrator manages users and the tree.
        var dongningAdmin = await console.SignedInPageAsync(await console.CreateUserAsync(console.Dongning, "CountyAdmin"));
        Assert.Equal(["首页", "消息", "用户管理", "组织机构", "导入组织机构", "新媒体账号", "传播力排名", "影响力榜单", "四力评价", "矩阵数据看板", "僵尸号排查", "先审后发", "网民留言", "指令转发核查", "专题专栏", "业务培训", "账号数据导入",
            "传播指令", "网格群", "考评", "整改通知书", "审核案件", "非公有资本登记", "制度库", "专项治理", "网站安全检测", "考评方案", "巡察", "考评通报", "目标管理", "网络人士名录", "重复登记合并", "好网民", "采风活动", "好网民评选", "自媒体行业协会"], await NavLinks(dongningAdmin));
        await ConsoleFixture.ScreenshotAsync(dongningAdmin, "home-county-admin");

        // 宁安市 switches its plugin off: within a refresh or two, its link is gone.
        var ninganAdmin = await console.SignedInPageAsync(await console.CreateUserAsync(console.Ningan, "CountyAdmin"));
        var off = await ninganAdmin.APIRequest.PutAsync("/api/tenancy/modules/jingpo-winter-fishing", new()
        {
            DataObject = new { enabled = false },
            Headers = new Dictionary<string, string> { ["X-CSRF-TOKEN"] = await AntiforgeryToken(ninganAdmin) },
        });
        Assert.Equal(200, off.Status);
        try
        {
            await RetryUntil(async () =>
            {
                await ninganViewer.ReloadAsync();
                return !(await NavLinks(ninganViewer)).Contains("镜泊湖冬捕");
            });
            Assert.Equal(404, (await ninganViewer.GotoAsync("/jingpo-winter-fishing"))!.Status);
        }
        finally
        {
            await ninganAdmin.APIRequest.PutAsync("/api/tenancy/modules/jingpo-winter-fishing", new()
            {
                DataObject = new { enabled = true },
                Headers = new Dictionary<string, string> { ["X-CSRF-TOKEN"] = await AntiforgeryToken(ninganAdmin) },
            });
        }
    }

    [Fact]
    public async Task A_form_shows_each_refusal_beside_its_field_and_accepts_good_input()
    {
        var page = await console.SignedInPageAsync("admin", Testing.TestHost.AdminPassword);
        await page.GotoAsync("/directory/new");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "编码", Exact = true }).FillAsync("bad code!");
        await EverydayWorkTests.PickUnitAsync(page, "东宁市");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator(".field:has(#code) .validation-message")).ToContainTextAsync("编码");
        await Expect(page.Locator(".field:has(#name) .validation-message")).ToHaveTextAsync(Anything);
        await ConsoleFixture.ScreenshotAsync(page, "create-unit-refused");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "编码", Exact = true }).FillAsync("231086001");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "名称", Exact = true }).FillAsync("绥阳镇");
        await page.GetByLabel("层级").SelectOptionAsync("Street");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已创建 绥阳镇（231086001）");

        // A rule that needs stored data (the parent's level) comes back beside its field too.
        await page.GotoAsync("/directory/new");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "编码", Exact = true }).FillAsync("231086999");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "名称", Exact = true }).FillAsync("错挂的村");
        await page.GetByLabel("层级").SelectOptionAsync("Community");
        await EverydayWorkTests.PickUnitAsync(page, "东宁市");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("fieldset.picker .validation-message, .field:has(#level) .validation-message").First)
            .ToHaveTextAsync(Anything);
    }

    [Fact]
    public async Task The_list_pages_sorts_and_filters_on_the_server_and_its_chart_draws()
    {
        var county = await console.CreateUnitAsync("231085", "穆棱市", "County", console.City);
        for (var i = 1; i <= 25; i++)
            await console.CreateUnitAsync($"231085{i:000}", $"穆棱街道{i:00}", "Street", county);
        var page = await console.SignedInPageAsync("admin", Testing.TestHost.AdminPassword);

        await page.GotoAsync("/directory?name=穆棱街道&level=Street");
        await Expect(page.Locator("caption")).ToContainTextAsync("共 25 条");
        await Expect(page.Locator(".data-table tbody tr")).ToHaveCountAsync(20);
        await page.GetByRole(AriaRole.Link, new() { Name = "编码" }).ClickAsync(); // ascending
        await page.GetByRole(AriaRole.Link, new() { Name = "编码 ▲" }).ClickAsync(); // descending
        await Expect(page.Locator(".data-table tbody tr").First).ToContainTextAsync("231085025");
        await page.GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
        await Expect(page.Locator(".data-table tbody tr")).ToHaveCountAsync(5);
        await Expect(page.Locator(".data-table tbody tr").Last).ToContainTextAsync("231085001");

        var canvas = page.Locator(".chart-canvas canvas");
        await Expect(canvas).ToHaveCountAsync(1);
        Assert.True(await canvas.EvaluateAsync<bool>("""
            c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false; }
            """), "the chart drew something on its canvas");
        await ConsoleFixture.ScreenshotAsync(page, "directory-list");
    }

    [Fact]
    public async Task An_Excel_import_reports_each_bad_row_and_imports_only_after_confirmation()
    {
        var page = await console.SignedInPageAsync("admin", Testing.TestHost.AdminPassword);
        var bad = Workbook(("231086101", "绥芬河街道", "乡镇（街道）", "231086"), ("", "无编码", "乡镇（街道）", "231086"));
        await page.GotoAsync("/directory/import");
        await page.GetByLabel("Excel 文件（.xlsx）").SetInputFilesAsync(new FilePayload
            { Name = "bad.xlsx", MimeType = "application/octet-stream", Buffer = bad });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并检查" }).ClickAsync();
        // The check runs the import's own validation: the bad row shows before anything can be confirmed.
        await Expect(page.Locator("table.import-errors")).ToContainTextAsync("第 3 行「编码」");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "确认导入" })).ToHaveCountAsync(0);
        Assert.Equal(404, (await page.APIRequest.GetAsync("/api/directory/units/by-code/231086101")).Status);
        await ConsoleFixture.ScreenshotAsync(page, "import-refused");

        var good = Workbook(("231086101", "绥芬河街道", "乡镇（街道）", "231086"), ("231086102", "道河镇", "乡镇（街道）", "231086"));
        await page.GotoAsync("/directory/import");
        await page.GetByLabel("Excel 文件（.xlsx）").SetInputFilesAsync(new FilePayload
            { Name = "good.xlsx", MimeType = "application/octet-stream", Buffer = good });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并检查" }).ClickAsync();
        await Expect(page.GetByText("文件共 2 行数据")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认导入" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("新建 2 个");
        Assert.Equal(200, (await page.APIRequest.GetAsync("/api/directory/units/by-code/231086101")).Status);
    }

    [Fact]
    public async Task On_a_375_px_phone_the_pages_fit_and_a_form_works()
    {
        var page = await console.SignedInPageAsync(await console.CreateUserAsync(console.Dongning, "CountyAdmin"), width: 375, height: 812);
        foreach (var (url, name) in new[] { ("/", "home"), ("/directory", "directory"), ("/directory/new", "create-unit"), ("/inbox", "inbox") })
        {
            await page.GotoAsync(url);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
                $"{url} fits a 375 px screen without sideways scrolling");
            await ConsoleFixture.ScreenshotAsync(page, name + "-375");
        }
        await page.GotoAsync("/directory/new");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "编码", Exact = true }).FillAsync("231086201");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "名称", Exact = true }).FillAsync("三岔口镇");
        await page.GetByLabel("层级").SelectOptionAsync("Street");
        await EverydayWorkTests.PickUnitAsync(page, "东宁市");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已创建 三岔口镇");
    }

    [Fact]
    public async Task The_pages_render_Chinese_and_pass_automated_accessibility_checks()
    {
        var page = await console.SignedInPageAsync("admin", Testing.TestHost.AdminPassword);
        foreach (var url in new[] { "/", "/directory", "/directory/new", "/directory/import", "/inbox", "/users", "/users/new",
                     "/account-matrix", "/account-matrix/rankings", "/account-matrix/influential", "/account-matrix/four-powers",
                     "/account-matrix/dashboard", "/account-matrix/dormant", "/account-matrix/publishing", "/account-matrix/messages",
                     "/account-matrix/words", "/account-matrix/reposts", "/account-matrix/topics", "/account-matrix/training", "/grid-dispatch/directives", "/grid-dispatch/evaluation",
                     "/password", $"/directory/{console.City}/print" })
            await CheckAsync(page, url);
        // A page that loads its record before it draws its form (the user form once failed there on every visit).
        var users = (await (await page.APIRequest.GetAsync("/api/users?search=admin")).JsonAsync())!.Value.GetProperty("items");
        await CheckAsync(page, $"/users/{users.EnumerateArray().Single(u => u.GetProperty("login").GetString() == "admin").GetProperty("id").GetString()}");
        // Recording metrics is an editor's work, not the administrator's.
        await CheckAsync(await console.SignedInPageAsync(await console.CreateUserAsync(console.Ningan, "Editor")), "/account-matrix/metrics");
        // Drafting directives and keeping the groups are the city office's.
        var office = await console.SignedInPageAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        foreach (var url in new[] { "/grid-dispatch/directives/new", "/grid-dispatch/groups" })
            await CheckAsync(office, url);
        await page.Context.ClearCookiesAsync();
        await CheckAsync(page, "/sign-in");
    }

    private static async Task CheckAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        Assert.True(response is { Ok: true }, $"{url} answered {response?.Status}");
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", await page.Locator("h1").InnerTextAsync());
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{url}: {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    [Fact]
    public async Task English_is_chosen_per_user_and_comes_back_at_the_next_sign_in()
    {
        var login = await console.CreateUserAsync(console.Dongning, "Viewer");
        var page = await console.SignedInPageAsync(login);
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Home" })).ToBeVisibleAsync();

        var elsewhere = await console.SignedInPageAsync(login); // a new browser: no cookie of its own
        await Expect(elsewhere.GetByRole(AriaRole.Heading, new() { Name = "Home" })).ToBeVisibleAsync();
        await Expect(elsewhere.Locator("nav.side")).ToContainTextAsync("Org units");
    }

    private static Task<IReadOnlyList<string>> NavLinks(IPage page) => page.Locator("nav.side a").AllInnerTextsAsync();

    private static async Task<string> AntiforgeryToken(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/api/auth/antiforgery");
        return (await response.JsonAsync())!.Value.GetProperty("token").GetString()!;
    }

    private static async Task RetryUntil(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 40; i++)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        Assert.Fail("the condition did not come true within 10 s");
    }

    private static byte[] Workbook(params (string Code, string Name, string Level, string Parent)[] rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows.Select(r => new Dictionary<string, object> { ["编码"] = r.Code, ["名称"] = r.Name, ["层级"] = r.Level, ["上级编码"] = r.Parent }));
        return stream.ToArray();
    }
}
