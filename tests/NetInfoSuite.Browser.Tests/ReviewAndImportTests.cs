using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MiniExcelLibs;
using NetInfoSuite.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>先审后发 and Excel imports in the browser (issue 15), as the roles that do them: the reviewer is told, reviews
/// one account with a fresh form and approves the rest at once, the author hears each outcome; 上传并检查 shows every
/// error 确认导入 would meet, each as 第 N 行「列名」 with its reason.</summary>
public sealed class ReviewAndImportTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    public static TheoryData<int> Widths => [1366, 375];

    [Theory, MemberData(nameof(Widths))]
    public async Task A_reviewer_is_told_rejects_one_account_on_a_fresh_form_approves_the_rest_at_once_and_the_author_hears_both(int width)
    {
        var (unit, place) = width == 1366 ? (console.Dongning, "东宁") : (console.Ningan, "宁安");
        using var city = await ApiAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        using var editor = await ApiAsync(await console.CreateUserAsync(unit, "Editor"));
        var reviewerLogin = await console.CreateUserAsync(unit, "Reviewer");
        using var reviewerApi = await ApiAsync(reviewerLogin);
        string[] names = [$"{place}发布{width}", $"{place}融媒{width}", $"{place}微博{width}"];
        var accounts = new List<string>();
        foreach (var (name, platform) in names.Zip(["WeChat", "Toutiao", "Weibo"]))
            accounts.Add(await ActiveAccountAsync(editor, city, unit, name, platform));
        var title = $"冬捕开幕 {width}";
        var draft = await editor.PostAsJsonAsync("/api/account-matrix/publications", new { title, body = "镜泊湖冬捕今日开幕。", accounts });
        draft.EnsureSuccessStatusCode();
        var id = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await editor.PostAsync($"/api/account-matrix/publications/{id}/submit", null)).EnsureSuccessStatusCode();

        // Told in the inbox: the notice opens the piece.
        await NotifiedAsync(reviewerApi, $"/account-matrix/publishing/{id}", "待审核");
        var page = await console.SignedInPageAsync(reviewerLogin, width: width);
        await page.GotoAsync("/inbox");
        await page.GetByRole(AriaRole.Button, new() { Name = $"待审核：{title}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();

        // One account rejected, with a comment on 保密.
        await page.GetByLabel("账号", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = names[2] });
        foreach (var check in new[] { "政治", "法律", "政策", "文字", "稿源", "安全" })
            await page.Locator($"fieldset:has(legend:text-is('{check}')) input[type=checkbox]").CheckAsync();
        await page.Locator("#comment-Secrecy").FillAsync("涉密表述，删去第二段");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交审核结果" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{names[2]}：未通过");
        // The next account starts from an empty form: nothing of the rejection is carried over.
        await Expect(page.Locator("#comment-Secrecy")).ToHaveValueAsync("");
        Assert.Equal(0, await page.Locator("fieldset input[type=checkbox]:checked").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the review page fits");
        await AxeAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, $"review-fresh-form-{width}");

        await page.GetByRole(AriaRole.Button, new() { Name = "全部通过" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已全部通过");
        foreach (var (name, status) in new[] { (names[0], "审核通过"), (names[1], "审核通过"), (names[2], "未通过") })
            await Expect(page.Locator("tbody tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = name }) })).ToContainTextAsync(status);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "全部通过" })).ToHaveCountAsync(0);

        // The author hears of the rejection, with the check and its comment, and of the approval.
        var rejected = await NotifiedAsync(editor, $"/account-matrix/publishing/{id}", "未通过");
        Assert.Contains("保密（涉密表述，删去第二段）", rejected.GetProperty("body").GetString());
        Assert.Contains($"{names[0]}、{names[1]}", (await NotifiedAsync(editor, $"/account-matrix/publishing/{id}", "审核通过")).GetProperty("body").GetString());
    }

    [Fact]
    public async Task The_org_tree_check_shows_every_error_the_import_meets()
    {
        var login = await console.CreateUserAsync(console.City, "CityAdmin");
        var xlsx = Sheet(["编码", "名称", "层级", "上级编码"],
            ["231086311", "三岔口镇", "乡镇（街道）", "999999"],   // 2: no such parent
            ["", "无编码", "乡镇（街道）", "231086"],             // 3: no code
            ["231086312", "绥阳镇", "小组", "231086"],            // 4: no such level
            ["231086313", "", "乡镇（街道）", "231086"]);          // 5: no name
        await CheckMatchesImportAsync(login, "/directory/import", "/api/directory/import", xlsx,
            "第 2 行「上级编码」", "第 3 行「编码」", "第 4 行「层级」", "第 5 行「名称」");
    }

    [Fact]
    public async Task The_group_check_shows_every_error_the_import_meets()
    {
        var street = await console.CreateUnitAsync("231086401", "大肚川镇", "Street", console.Dongning);
        await console.CreateUnitAsync("231086401001", "大肚川村", "Community", street);
        var login = await console.CreateUserAsync(console.Dongning, "CountyAdmin");
        var xlsx = Sheet(["群名称", "类型", "平台", "所属村（社区）编码", "管理员", "管理员电话", "管理员账号", "成员数"],
            ["大肚川村网格群", "网格群", "微信", "231086401001", "张三", "13800000000", "", "120"], // fine
            ["大肚川村聊天群", "聊天群", "微信", "231086401001", "", "", "", "10"],               // 3: kind
            ["大肚川村飞书群", "网格群", "飞书", "231086401001", "", "", "", "10"],               // 4: platform
            ["宁安的群", "网格群", "微信", "231084", "", "", "", "10"],                          // 5: not a unit of the county's
            ["大肚川村居民群", "居民群", "微信", "231086401001", "李四", "12", "", "很多"]);      // 6: phone and members
        await CheckMatchesImportAsync(login, "/grid-dispatch/groups", "/api/grid-dispatch/groups/import", xlsx,
            "第 3 行「类型」", "第 4 行「平台」", "第 5 行「所属村（社区）编码」", "第 6 行「管理员电话」", "第 6 行「成员数」");
    }

    [Fact]
    public async Task The_word_check_shows_a_countys_change_to_a_city_word_as_the_import_refuses_it()
    {
        using var city = await ApiAsync(await console.CreateUserAsync(console.City, "Reviewer"));
        (await city.PutAsJsonAsync("/api/account-matrix/words", new { words = new[] { new { word = "内部资料", kind = "Sensitive" } } })).EnsureSuccessStatusCode();
        var login = await console.CreateUserAsync(console.Dongning, "Reviewer");
        var xlsx = Sheet(["词语", "类型", "建议写法"],
            ["东宁新词", "敏感词", ""],                    // fine
            ["内部资料", "易错词", ""],                    // 3: the city's word
            ["以经", "错别字", "已经"],                    // 4: kind
            [new string('长', 51), "敏感词", ""]);         // 5: too long
        await CheckMatchesImportAsync(login, "/account-matrix/words", "/api/account-matrix/words/import", xlsx,
            "第 3 行「词语」", "第 4 行「类型」", "第 5 行「词语」");
    }

    [Fact]
    public async Task The_account_check_reads_each_error_by_row_and_column()
    {
        var login = await console.CreateUserAsync(console.Dongning, "Editor");
        var xlsx = Sheet(["名称", "平台", "账号", "类别", "主管单位编码"],
            ["", "微信公众号", "dn-import-1", "政务类", "231086"],          // 2: name
            ["东宁导入号", "飞书", "dn-import-2", "政务类", "231086"],      // 3: platform
            ["东宁导入号二", "微博", "dn-import-3", "杂类", "231086"],      // 4: category
            ["东宁导入号三", "抖音", "dn-import-4", "政务类", "231084"]);   // 5: another county's unit
        await CheckMatchesImportAsync(login, "/account-matrix", "/api/account-matrix/accounts/import", xlsx,
            "第 2 行「名称」", "第 3 行「平台」", "第 4 行「类别」", "第 5 行「主管单位编码」");
    }

    [Fact]
    public async Task The_message_and_metric_checks_read_each_error_by_row_and_column()
    {
        var login = await console.CreateUserAsync(console.Dongning, "Editor");
        var messages = Sheet(["平台", "账号", "时间", "内容", "类别"],
            ["微信公众号", "没有这个号", "2026-11-26 09:30", "请问冬捕几点开始？", "咨询"], // 2: no such account
            ["微信公众号", "没有这个号", "昨天", "", ""]);                               // 3: account, time and text
        await CheckMatchesImportAsync(login, "/account-matrix/messages", "/api/account-matrix/messages/import", messages,
            "第 2 行「账号」", "第 3 行「时间」", "第 3 行「内容」");
        var metrics = Sheet(["平台", "账号", "日期", "粉丝数"],
            ["微信公众号", "没有这个号", "2026-11-26", "100"],   // 2: no such account
            ["微信公众号", "没有这个号", "昨天", "很多"]);       // 3: account, day and a figure
        await CheckMatchesImportAsync(login, "/account-matrix/metrics", "/api/account-matrix/metrics/import", metrics,
            "第 2 行「账号」", "第 3 行「日期」", "第 3 行「粉丝数」");
    }

    [Theory, MemberData(nameof(Widths))]
    public async Task A_county_renames_moves_prints_and_deactivates_a_unit_from_its_page(int width)
    {
        var (first, second) = ($"2310865{width % 100:00}", $"2310866{width % 100:00}");
        var from = await console.CreateUnitAsync(first, $"兴宁镇{width}", "Street", console.Dongning);
        await console.CreateUnitAsync(second, $"绥阳镇{width}", "Street", console.Dongning);
        await console.CreateUnitAsync(first + "001", $"兴宁村{width}", "Community", from);
        var page = await console.SignedInPageAsync(await console.CreateUserAsync(console.Dongning, "CountyAdmin"), width: width);

        // A unit's name in the list opens its page (not the print sheet).
        await page.GotoAsync($"/directory?name=兴宁村{width}");
        await page.GetByRole(AriaRole.Link, new() { Name = $"兴宁村{width}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"兴宁村{width}" })).ToBeVisibleAsync();
        await Expect(page.Locator("nav.breadcrumb")).ToContainTextAsync($"兴宁镇{width}");
        Assert.DoesNotMatch(@"[0-9a-f]{8}-[0-9a-f]{4}-", await page.Locator("main").InnerTextAsync());
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the unit page fits");
        await AxeAsync(page);

        await page.GetByLabel("新名称").FillAsync($"兴宁新村{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存名称" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"已改名为“兴宁新村{width}”");

        // Moved under another street, found by name among the streets of the tree.
        await page.GetByLabel("按名称搜索上级单位").FillAsync($"绥阳镇{width}");
        await page.Locator("fieldset.picker").GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = $"兴宁镇{width}" })).ToHaveCountAsync(0); // not found by this name
        await page.GetByRole(AriaRole.Radio, new() { Name = $"绥阳镇{width}" }).CheckAsync();
        await Expect(page.GetByLabel("新名称")).ToHaveValueAsync($"兴宁新村{width}"); // the search kept the page as it was
        await page.GetByRole(AriaRole.Button, new() { Name = "移动", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"已移到“绥阳镇{width}”之下");
        await Expect(page.Locator("nav.breadcrumb")).ToContainTextAsync($"绥阳镇{width}");
        await ConsoleFixture.ScreenshotAsync(page, $"unit-page-{width}");

        // The street's print sheet indents its villages and leads back to the unit's page.
        await page.Locator("nav.breadcrumb").GetByRole(AriaRole.Link, new() { Name = $"绥阳镇{width}" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "打印组织机构表" }).ClickAsync();
        var village = page.Locator("td", new() { HasTextString = $"兴宁新村{width}" });
        Assert.True(await village.EvaluateAsync<double>("td => parseFloat(getComputedStyle(td).paddingLeft)") >
                    await page.Locator("tbody tr").First.Locator("td").Nth(1).EvaluateAsync<double>("td => parseFloat(getComputedStyle(td).paddingLeft)"),
            "a village is indented under its street");
        await page.GetByRole(AriaRole.Link, new() { Name = "返回单位页" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"绥阳镇{width}" })).ToBeVisibleAsync();

        // A street with a village in use is not deactivated; the village is.
        await page.Locator("details.confirm summary").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("下级单位在用");
        await page.GetByRole(AriaRole.Link, new() { Name = $"兴宁新村{width}" }).ClickAsync();
        await page.Locator("details.confirm summary").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已停用");
        await Expect(page.Locator("p.hint").First).ToContainTextAsync("已停用");
    }

    [Theory, MemberData(nameof(Widths))]
    public async Task Accounts_show_their_owner_unit_and_county_and_messages_their_account(int width)
    {
        var street = await console.CreateUnitAsync($"2310867{width % 100:00}", $"三岔口镇{width}", "Street", console.Dongning);
        using var city = await ApiAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        var login = await console.CreateUserAsync(console.Dongning, "Editor");
        using var editor = await ApiAsync(login);
        var account = await ActiveAccountAsync(editor, city, street, $"三岔口发布{width}", "Douyin");
        (await editor.PostAsJsonAsync("/api/account-matrix/messages", new
        {
            messages = new[] { new { accountId = account, at = DateTimeOffset.UtcNow.AddHours(-1), text = $"冬捕门票在哪买？{width}" } },
        })).EnsureSuccessStatusCode();

        var page = await console.SignedInPageAsync(login, width: width);
        await page.GotoAsync("/account-matrix?platform=Douyin");
        var row = page.Locator("tbody tr", new() { HasTextString = $"三岔口发布{width}" });
        await Expect(row).ToContainTextAsync($"三岔口镇{width}");
        await Expect(row).ToContainTextAsync("东宁市");
        await page.GotoAsync("/account-matrix/messages");
        await Expect(page.Locator("tbody tr", new() { HasTextString = $"冬捕门票在哪买？{width}" }).First).ToContainTextAsync($"三岔口发布{width}");
    }

    [Fact]
    public async Task An_empty_account_list_says_what_to_do_next_and_links_to_it()
    {
        var county = await console.CreateUnitAsync("231085", "穆棱市", "County", console.City);
        var page = await console.SignedInPageAsync(await console.CreateUserAsync(county, "Editor"), width: 375);
        await page.GotoAsync("/account-matrix");
        var empty = page.Locator("td.empty");
        await Expect(empty).ToContainTextAsync("没有账号");
        await Expect(empty.GetByRole(AriaRole.Link, new() { Name = "登记账号" })).ToHaveAttributeAsync("href", "#name");
        await Expect(page.Locator("input#name")).ToBeVisibleAsync(); // the form it leads to is on the page
        await Expect(empty.GetByRole(AriaRole.Link, new() { Name = "批量登记" })).ToHaveAttributeAsync("href", "#excel-file");

        // Every empty table of the messages and training pages says what comes there (the per-account and per-unit
        // tables said only 没有符合条件的记录 on the demo city).
        foreach (var path in new[] { "/account-matrix/messages", "/account-matrix/training" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("td.empty")).ToHaveCountAsync(2);
            foreach (var cell in await page.Locator("td.empty").AllInnerTextsAsync())
                Assert.DoesNotContain("没有符合条件的记录", cell);
        }
        await Expect(page.Locator("td.empty").Nth(1).GetByRole(AriaRole.Link, new() { Name = "登记培训" })).ToHaveAttributeAsync("href", "#date");
    }

    [Fact]
    public async Task Every_import_page_offers_a_template_with_its_headers_and_an_example_line_and_an_empty_export_keeps_its_headers()
    {
        var county = await console.CreateUnitAsync("231083", "海林市", "County", console.City); // nothing in it yet
        var login = await console.CreateUserAsync(county, "CountyAdmin");
        var page = await console.SignedInPageAsync(login);
        foreach (var (url, header) in new[]
                 {
                     ("/directory/import", "上级编码"), ("/grid-dispatch/groups", "所属村（社区）编码"), ("/account-matrix", "主管单位编码"),
                     ("/account-matrix/words", "建议写法"), ("/account-matrix/messages", "内容"), ("/account-matrix/metrics", "粉丝数"),
                     ("/account-matrix/metrics?kind=articles", "文章编号"),
                 })
        {
            await page.GotoAsync(url);
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载导入模板" }).ClickAsync());
            var path = await download.PathAsync();
            Assert.Contains(header, MiniExcel.GetColumns(path, useHeaderRow: true, excelType: ExcelType.XLSX));
            var example = Assert.Single(MiniExcel.Query(path, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>());
            Assert.False(string.IsNullOrWhiteSpace(Convert.ToString(example.Values.First())), $"{url}: the template's example line is filled in");
        }

        using var api = await ApiAsync(login);
        foreach (var (url, header) in new[]
                 {
                     ("/api/account-matrix/accounts/export", "主管单位编码"), ("/api/grid-dispatch/groups/export", "所属村（社区）编码"),
                     ("/api/account-matrix/metrics/export?period=month", "粉丝数"),
                 })
        {
            using var empty = new MemoryStream(await api.GetByteArrayAsync(url));
            Assert.Contains(header, MiniExcel.GetColumns(empty, useHeaderRow: true, excelType: ExcelType.XLSX));
        }

        // A group is listed with its community and street by name.
        var street = await console.CreateUnitAsync("231083101", "海林镇", "Street", county);
        var community = await console.CreateUnitAsync("231083101001", "新华社区", "Community", street);
        (await api.PostAsJsonAsync("/api/grid-dispatch/groups", new
        {
            name = "新华社区网格群", kind = "GridGroup", platform = "WeChat", orgUnitId = community, memberCount = 200, operators = Array.Empty<object>(),
        })).EnsureSuccessStatusCode();
        await page.GotoAsync("/grid-dispatch/groups");
        var row = page.Locator("tbody tr", new() { HasText = "新华社区网格群" });
        await Expect(row.Locator("td[data-label='所属村（社区）']")).ToHaveTextAsync("新华社区");
        await Expect(row.Locator("td[data-label='乡镇（街道）']")).ToHaveTextAsync("海林镇");
    }

    /// <summary>Uploads the workbook on the page (上传并检查) and to the import: the page lists exactly the errors the
    /// import refuses the file with, each where it is (第 N 行「列名」) and why, never as a field path.</summary>
    private async Task CheckMatchesImportAsync(string login, string pageUrl, string importUrl, byte[] xlsx, params string[] places)
    {
        var page = await console.SignedInPageAsync(login, width: 1366);
        await page.GotoAsync(pageUrl);
        await page.GetByLabel("Excel 文件（.xlsx）").SetInputFilesAsync(new FilePayload { Name = "check.xlsx", MimeType = "application/octet-stream", Buffer = xlsx });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并检查" }).ClickAsync();
        var rows = page.Locator("table.import-errors tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        var shown = new List<(string Where, string Reason)>();
        foreach (var row in await rows.AllAsync())
            shown.Add(((await row.Locator("td").Nth(0).InnerTextAsync()).Trim(), (await row.Locator("td").Nth(1).InnerTextAsync()).Trim()));
        Assert.DoesNotContain("rows[", await page.Locator("main").InnerTextAsync());
        foreach (var where in places) Assert.Contains(where, shown.Select(s => s.Where));
        await ConsoleFixture.ScreenshotAsync(page, "import-check" + pageUrl.Replace('/', '-'));

        using var api = await ApiAsync(login);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx), "file", "check.xlsx" } };
        var refused = await api.PostAsync(importUrl, form);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var messages = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject()
            .SelectMany(e => e.Value.EnumerateArray().Select(m => Regex.Replace(m.GetString()!, @"^第 \d+ 行：", ""))).Order().ToList();
        Assert.Equal(messages, shown.Select(s => s.Reason).Order().ToList());
    }

    private static byte[] Sheet(string[] headers, params string[][] rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows.Select(r => headers.Zip(r).ToDictionary(c => c.First, c => (object)c.Second)));
        return stream.ToArray();
    }

    private async Task<HttpClient> ApiAsync(string login)
    {
        var client = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await client.SignInAsync(login, ConsoleFixture.UserPassword);
        return client;
    }

    private static async Task<string> ActiveAccountAsync(HttpClient owner, HttpClient city, string unit, string name, string platform)
    {
        var registered = await owner.PostAsJsonAsync("/api/account-matrix/accounts",
            new { name, platform, handle = name, category = "Government", ownerUnitId = unit, verified = true });
        if (!registered.IsSuccessStatusCode) throw new InvalidOperationException(await registered.Content.ReadAsStringAsync());
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        foreach (var to in new[] { "Filed", "Active" })
            (await city.PostAsJsonAsync($"/api/account-matrix/accounts/{id}/status", new { to })).EnsureSuccessStatusCode();
        return id;
    }

    // Notices come through the outbox, a moment after the change.
    private static async Task<JsonElement> NotifiedAsync(HttpClient client, string link, string subject)
    {
        for (var tries = 0; ; tries++)
        {
            var found = (await client.GetFromJsonAsync<JsonElement>("/api/notifications")).GetProperty("items").EnumerateArray()
                .Where(n => n.GetProperty("link").GetString() == link && n.GetProperty("subject").GetString()!.Contains(subject)).ToList();
            if (found.Count > 0) return found[0];
            if (tries > 120) throw new TimeoutException($"No notice “{subject}” for {link}");
            await Task.Delay(250);
        }
    }

    private static async Task AxeAsync(IPage page)
    {
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{page.Url}: {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }
}
