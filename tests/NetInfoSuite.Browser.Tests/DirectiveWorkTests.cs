using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using NetInfoSuite.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>The directive workflow done in the console (issue 15, items 1 and 8), each job as the role that does it:
/// the city drafts with pickers (no id typed or shown) and another person approves and issues; a county and a street
/// 签收 and forward with a note; the city sends 督办 from the progress page; the operator is told, copies the text and
/// links in one tap and reports several groups at once. The county and the operator work on a 375 px phone.</summary>
public sealed class DirectiveWorkTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    public static TheoryData<int> Widths => [1366, 375];
    private static readonly Regex Guid36 = new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase);

    [Theory, MemberData(nameof(Widths))]
    public async Task The_city_drafts_a_directive_with_pickers_and_another_person_approves_and_issues_it(int width)
    {
        var place = await PlaceAsync();
        using var city = await ApiAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        var group = await GroupAsync(city, place.Community, $"渤海网格群{place.Suffix}", null);
        var account = await AccountAsync(city, $"宁安融媒{place.Suffix}", place.Street); // one account per platform and unit

        var drafter = await console.SignedInPageAsync(await console.CreateUserAsync(console.City, "CityAdmin"), width: width);
        await drafter.GotoAsync("/grid-dispatch/directives/new");
        await drafter.GetByLabel("标题").FillAsync($"秸秆禁烧提醒 {width}");
        await drafter.GetByLabel("内容").FillAsync("请提醒村民不要焚烧秸秆。");
        await drafter.GetByLabel("链接").FillAsync($"https://example.org/burn/{place.Suffix}");
        await drafter.GetByLabel("附件").FillAsync("禁烧通告.pdf");
        await drafter.GetByLabel("截止时间（北京时间）").FillAsync("2030-12-01T23:37");

        // Units by name (a search posts the form: nothing typed is lost), groups and accounts by name.
        await SearchAsync(drafter, "按名称或编码搜索单位", place.StreetName);
        await Expect(drafter.GetByLabel("标题")).ToHaveValueAsync($"秸秆禁烧提醒 {width}");
        // The unit's checkbox within the units' picker: a group's description names its street too.
        var street = drafter.Locator("fieldset.picker", new() { Has = drafter.GetByLabel("按名称或编码搜索单位") })
            .GetByRole(AriaRole.Checkbox, new() { Name = place.StreetName });
        await street.CheckAsync();
        await SearchAsync(drafter, "按名称搜索网格群", $"渤海网格群{place.Suffix}");
        await drafter.GetByRole(AriaRole.Checkbox, new() { Name = $"渤海网格群{place.Suffix}" }).CheckAsync();
        await SearchAsync(drafter, "按名称搜索账号", $"宁安融媒{place.Suffix}");
        await drafter.GetByRole(AriaRole.Checkbox, new() { Name = $"宁安融媒{place.Suffix}" }).CheckAsync();
        await Expect(street).ToBeCheckedAsync(); // still chosen
        await AssertNoIdsAsync(drafter);
        await AxeAsync(drafter);
        await ConsoleFixture.ScreenshotAsync(drafter, $"directive-draft-pickers-{width}");
        await drafter.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();

        await Expect(drafter.GetByRole(AriaRole.Heading, new() { Name = $"秸秆禁烧提醒 {width}" })).ToBeVisibleAsync();
        var main = drafter.Locator("main");
        await Expect(main).ToContainTextAsync("截止 2030-12-01 23:37（北京时间）");
        await Expect(main).ToContainTextAsync(place.StreetName);
        await Expect(main).ToContainTextAsync($"渤海网格群{place.Suffix}");
        await Expect(main).ToContainTextAsync($"宁安融媒{place.Suffix}");
        await Expect(main).ToContainTextAsync("禁烧通告.pdf");
        await Expect(drafter.GetByRole(AriaRole.Link, new() { Name = $"https://example.org/burn/{place.Suffix}" })).ToBeVisibleAsync();
        await Expect(main).ToContainTextAsync("须由另一位有审批权限的人员审批"); // four eyes
        await AssertNoIdsAsync(drafter);
        var id = drafter.Url.Split('/').Last();
        var stored = await (await city.GetAsync($"/api/grid-dispatch/directives/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        var target = stored.GetProperty("target");
        Assert.Equal([place.Street], target.GetProperty("orgUnits").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal([group], target.GetProperty("groups").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal([account], target.GetProperty("accounts").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(new DateTimeOffset(2030, 12, 1, 15, 37, 0, TimeSpan.Zero), stored.GetProperty("deadline").GetDateTimeOffset());

        var approver = await console.SignedInPageAsync(await console.CreateUserAsync(console.City, "CityAdmin"), width: width);
        await approver.GotoAsync($"/grid-dispatch/directives/{id}");
        await approver.GetByRole(AriaRole.Button, new() { Name = "审批" }).ClickAsync();
        await Expect(approver.Locator("main")).ToContainTextAsync("已审批");
        await approver.Locator("summary", new() { HasText = "下发" }).ClickAsync();
        await approver.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Expect(approver.GetByRole(AriaRole.Status)).ToContainTextAsync("已下发到 1 个网格群");
    }

    [Fact]
    public async Task The_account_picker_names_every_platform_in_Chinese()
    {
        // Seen on the demo city: a county's portal site was offered as "东安区门户网站 Website".
        var place = await PlaceAsync();
        using var city = await ApiAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        var registered = await city.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name = $"渤海门户网站{place.Suffix}", platform = "Website", handle = "https://bohai.example.org/" + place.Suffix,
            category = "Government", ownerUnitId = place.Street, verified = true,
        });
        registered.EnsureSuccessStatusCode();

        var drafter = await console.SignedInPageAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        await drafter.GotoAsync("/grid-dispatch/directives/new");
        await SearchAsync(drafter, "按名称搜索账号", $"渤海门户网站{place.Suffix}");
        var option = drafter.Locator("fieldset.picker", new() { Has = drafter.GetByLabel("按名称搜索账号") }).Locator("label", new() { HasText = $"渤海门户网站{place.Suffix}" });
        await Expect(option).ToContainTextAsync("网站");
        await Expect(option).Not.ToContainTextAsync("Website");
    }

    [Fact]
    public async Task Groups_of_the_same_name_are_told_apart_by_their_street_in_the_group_picker()
    {
        // Seen on the demo city: seven 长安村村民群 in a row, each described only as 村民群 · 长安村.
        var (one, two) = (await PlaceAsync(), await PlaceAsync());
        using var city = await ApiAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        var name = $"长安村村民群{one.Suffix}";
        foreach (var place in new[] { one, two })
            await GroupAsync(city, await console.CreateUnitAsync($"v{place.Suffix}", "长安村", "Community", place.Street), name, null);

        var drafter = await console.SignedInPageAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        await drafter.GotoAsync("/grid-dispatch/directives/new");
        await SearchAsync(drafter, "按名称搜索网格群", name);
        var options = drafter.Locator("fieldset.picker", new() { Has = drafter.GetByLabel("按名称搜索网格群") }).Locator("label", new() { HasText = name });
        await Expect(options).ToHaveCountAsync(2);
        await Expect(options.Filter(new() { HasText = $"宁安市 {one.StreetName} 长安村" })).ToHaveCountAsync(1);
        await Expect(options.Filter(new() { HasText = $"宁安市 {two.StreetName} 长安村" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_county_picks_only_units_of_its_own_subtree_by_name_or_code()
    {
        var county = await console.SignedInPageAsync(await console.CreateUserAsync(console.Dongning, "CountyAdmin"), width: 375, height: 812);
        await county.GotoAsync("/grid-dispatch/directives/new");
        var units = county.Locator("fieldset", new() { Has = county.GetByText("按名称或编码搜索单位") });
        await Expect(units).ToContainTextAsync("东宁市");
        await Expect(units).Not.ToContainTextAsync("宁安市");
        await SearchAsync(county, "按名称或编码搜索单位", "231084"); // 宁安市's code: outside the county
        await Expect(units).ToContainTextAsync("没有找到");
        await SearchAsync(county, "按名称或编码搜索单位", "231086");
        await Expect(county.GetByRole(AriaRole.Checkbox, new() { Name = "东宁市" })).ToBeVisibleAsync();
        Assert.True(await county.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the form fits a phone");
    }

    [Fact]
    public async Task A_county_and_a_street_sign_for_a_relayed_directive_and_forward_it_with_a_note_on_a_phone()
    {
        var place = await PlaceAsync();
        var countyLogin = await console.CreateUserAsync(console.Ningan, "CountyAdmin");
        var streetLogin = await console.CreateUserAsync(place.Street, "Editor");
        var operatorLogin = await console.CreateUserAsync(place.Community, "GridOperator");
        using var city = await ApiAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        await GroupAsync(city, place.Community, $"渤海一群{place.Suffix}", operatorLogin);
        var id = await IssueAsync(city, $"森林防火 {place.Suffix}", "Relay", [place.Street], ["https://example.org/fire"]);

        var county = await console.SignedInPageAsync(countyLogin, width: 375, height: 812);
        // The home page's to-do counts what waits for the county's 签收 (other tests' directives may wait too).
        var card = county.Locator("li.card", new() { HasText = "待签收的指令" });
        await Expect(card).ToHaveClassAsync(new Regex("attention"));
        var waiting = int.Parse(await card.Locator(".card-figure").InnerTextAsync());
        Assert.True(waiting >= 1);
        await county.GotoAsync("/grid-dispatch/directives");
        await Expect(county.Locator("tbody tr", new() { HasText = $"森林防火 {place.Suffix}" })).ToContainTextAsync("待本单位签收");
        await OpenFromInboxAsync(county, "指令待签收");
        await Expect(county).ToHaveURLAsync(new Regex($"/grid-dispatch/directives/{id}$"));
        await Expect(county.GetByRole(AriaRole.Link, new() { Name = "https://example.org/fire" })).ToBeVisibleAsync(); // links for those who forward
        await county.GetByLabel("附言（转发给下级，可不填）").FillAsync("请各乡镇今日内转发到位");
        await AxeAsync(county);
        await county.GetByRole(AriaRole.Button, new() { Name = "签收并转发到各乡镇（街道）" }).ClickAsync();
        await Expect(county.GetByRole(AriaRole.Status)).ToContainTextAsync("已签收");
        await Expect(county.Locator("main")).ToContainTextAsync("附言：请各乡镇今日内转发到位");
        Assert.True(await county.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page fits a phone");
        await ConsoleFixture.ScreenshotAsync(county, "directive-signed-county-375");
        await county.GotoAsync("/");
        await Expect(card.Locator(".card-figure")).ToHaveTextAsync((waiting - 1).ToString());

        var street = await console.SignedInPageAsync(streetLogin, width: 375, height: 812);
        await OpenFromInboxAsync(street, "指令待签收");
        await Expect(street.Locator("main")).ToContainTextAsync("宁安市附言：请各乡镇今日内转发到位");
        await street.GetByRole(AriaRole.Button, new() { Name = "签收并转发到各网格群" }).ClickAsync();
        await Expect(street.GetByRole(AriaRole.Status)).ToContainTextAsync("已转发到各网格群");

        var phone = await console.SignedInPageAsync(operatorLogin, width: 375, height: 812);
        await OpenFromInboxAsync(phone, "新的传播任务");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = $"森林防火 {place.Suffix}" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_direct_directive_is_not_listed_as_waiting_for_signature_and_cannot_be_signed_for()
    {
        // Seen on the demo city: every direct directive that reached a unit read 待本单位签收 on its list, because a
        // direct directive's rollup rows have arrived and are never signed.
        var place = await PlaceAsync();
        var countyLogin = await console.CreateUserAsync(console.Ningan, "CountyAdmin");
        using var city = await ApiAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        await GroupAsync(city, place.Community, $"直达一群{place.Suffix}", null);
        var direct = await IssueAsync(city, $"直达通知 {place.Suffix}", "Direct", [place.Street], []);
        await IssueAsync(city, $"逐级通知 {place.Suffix}", "Relay", [place.Street], []);

        var county = await console.SignedInPageAsync(countyLogin, width: 375, height: 812);
        await county.GotoAsync("/grid-dispatch/directives");
        await Expect(county.Locator("tbody tr", new() { HasText = $"逐级通知 {place.Suffix}" })).ToContainTextAsync("待本单位签收");
        var row = county.Locator("tbody tr", new() { HasText = $"直达通知 {place.Suffix}" });
        await Expect(row).ToContainTextAsync("已下发");
        await Expect(row).Not.ToContainTextAsync("签收");

        using var countyApi = await ApiAsync(countyLogin);
        var signed = await countyApi.PostAsJsonAsync($"/api/grid-dispatch/directives/{direct}/sign", new { note = "" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, signed.StatusCode);
        Assert.Contains("直达", await signed.Content.ReadAsStringAsync());

        // An operator below the target street cannot read its name: the page says how many, never an empty line.
        var phone = await console.SignedInPageAsync(await console.CreateUserAsync(place.Community, "GridOperator"), width: 375, height: 812);
        await phone.GotoAsync($"/grid-dispatch/directives/{direct}");
        await Expect(phone.Locator("dt", new() { HasText = "目标单位" }).Locator("xpath=following-sibling::dd[1]")).ToHaveTextAsync("1 个");

        // Another county, which the directive does not reach, is told so instead of an empty chart and table.
        var other = await console.SignedInPageAsync(await console.CreateUserAsync(console.Dongning, "CountyAdmin"), width: 375, height: 812);
        await other.GotoAsync($"/grid-dispatch/directives/{direct}");
        await Expect(other.Locator("main")).ToContainTextAsync("该指令没有下发到您管辖范围内的网格群");
        await Expect(other.Locator("main table")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_city_sends_a_supervision_notice_from_the_progress_page_and_the_county_is_told()
    {
        var place = await PlaceAsync();
        var countyLogin = await console.CreateUserAsync(console.Ningan, "CountyAdmin");
        using var city = await ApiAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        await GroupAsync(city, place.Community, $"督办一群{place.Suffix}", null);
        var id = await IssueAsync(city, $"防范电诈 {place.Suffix}", "Direct", [place.Street], []);

        var office = await console.SignedInPageAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        await office.GotoAsync($"/grid-dispatch/directives/{id}");
        await office.GetByLabel("督办单位").SelectOptionAsync(new SelectOptionValue { Label = "宁安市（未完成 1）" });
        await office.GetByRole(AriaRole.Button, new() { Name = "发送督办" }).ClickAsync();
        await Expect(office.Locator(".supervise .validation-message")).ToHaveTextAsync("「督办意见」不能为空。");
        await office.GetByLabel("督办意见").FillAsync("请今天下班前完成转发");
        await AxeAsync(office);
        await office.GetByRole(AriaRole.Button, new() { Name = "发送督办" }).ClickAsync();
        await Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync("已发送督办（1 项未完成任务）");

        var county = await console.SignedInPageAsync(countyLogin, width: 375, height: 812);
        await OpenFromInboxAsync(county, "督办通知", "请今天下班前完成转发");
        await Expect(county).ToHaveURLAsync(new Regex($"/grid-dispatch/directives/{id}$"));
    }

    [Fact]
    public async Task An_operator_is_told_copies_the_text_and_links_in_one_tap_and_reports_two_groups_at_once_on_a_phone()
    {
        var place = await PlaceAsync();
        var operatorLogin = await console.CreateUserAsync(place.Community, "GridOperator");
        using var city = await ApiAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        await GroupAsync(city, place.Community, $"甲群{place.Suffix}", operatorLogin);
        await GroupAsync(city, place.Community, $"乙群{place.Suffix}", operatorLogin);
        await IssueAsync(city, $"寒潮预警 {place.Suffix}", "Direct", [place.Street], ["https://example.org/cold"]);

        var phone = await console.SignedInPageAsync(operatorLogin, width: 375, height: 812);
        await phone.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await Expect(phone.Locator("li.card", new() { HasText = "待反馈的传播任务" })).ToContainTextAsync("2"); // the home page's to-do
        await OpenFromInboxAsync(phone, "新的传播任务", "2 个网格群");
        await phone.GetByRole(AriaRole.Link, new() { Name = $"甲群{place.Suffix}" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Link, new() { Name = "https://example.org/cold" })).ToBeVisibleAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "一键复制内容和链接" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Button, new() { Name = "已复制" })).ToBeVisibleAsync();
        var copied = await phone.EvaluateAsync<string>("navigator.clipboard.readText()");
        Assert.Contains("请提醒居民注意防寒。", copied);
        Assert.Contains("https://example.org/cold", copied);

        await phone.GetByLabel(new Regex("^覆盖人数")).FillAsync("300");
        await AxeAsync(phone);
        var other = phone.GetByRole(AriaRole.Checkbox, new() { Name = $"乙群{place.Suffix}" });
        await Expect(other).Not.ToBeCheckedAsync(); // nothing reported for a group the operator did not choose
        await other.CheckAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync(); // 乙群 ticked, its figure missing
        await Expect(phone.Locator(".also .validation-message")).ToContainTextAsync("请为每个选中的群填写覆盖人数");
        await phone.GetByLabel($"乙群{place.Suffix} 覆盖人数").FillAsync("150");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("已反馈：覆盖 300 人；另有 1 个群一并反馈");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page fits a phone");
        await ConsoleFixture.ScreenshotAsync(phone, "operator-two-groups-375");
        await phone.GotoAsync("/grid-dispatch/tasks");
        await Expect(phone.Locator("li.card", new() { HasText = $"乙群{place.Suffix}" })).ToContainTextAsync("已反馈");
    }

    // A street and a community of 宁安市, named apart per test.
    private async Task<Place> PlaceAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var streetName = $"渤海镇{suffix}";
        var street = await console.CreateUnitAsync($"s{suffix}", streetName, "Street", console.Ningan);
        var community = await console.CreateUnitAsync($"c{suffix}", $"渤海村{suffix}", "Community", street);
        return new Place(suffix, street, streetName, community);
    }

    private sealed record Place(string Suffix, string Street, string StreetName, string Community);

    private async Task<HttpClient> ApiAsync(string login)
    {
        var client = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await client.SignInAsync(login, ConsoleFixture.UserPassword);
        return client;
    }

    private static async Task<string> GroupAsync(HttpClient city, string unit, string name, string? operatorLogin)
    {
        var created = await city.PostAsJsonAsync("/api/grid-dispatch/groups", new
        {
            name, kind = "GridGroup", platform = "WeChat", orgUnitId = unit, memberCount = 300,
            operators = operatorLogin is null ? Array.Empty<object>() : [new { name = "李网格", phone = "13900005678", login = operatorLogin }],
        });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string> AccountAsync(HttpClient city, string name, string owner)
    {
        var registered = await city.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name, platform = "WeChat", handle = "h" + Guid.NewGuid().ToString("N")[..8], category = "Government", ownerUnitId = owner, verified = true,
        });
        registered.EnsureSuccessStatusCode();
        return (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Drafted by one city administrator through the API, approved by another, issued.</summary>
    private async Task<string> IssueAsync(HttpClient city, string title, string delivery, string[] units, string[] links)
    {
        var draft = await city.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title, body = "今夜降温，请提醒居民注意防寒。", category = "General", urgency = "Urgent", delivery, links,
            target = new { orgUnits = units },
        });
        draft.EnsureSuccessStatusCode();
        var id = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var approver = await ApiAsync(await console.CreateUserAsync(console.City, "CityAdmin"));
        (await approver.PostAsync($"/api/grid-dispatch/directives/{id}/approve", null)).EnsureSuccessStatusCode();
        (await city.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null)).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task SearchAsync(IPage page, string searchLabel, string text)
    {
        await page.GetByLabel(searchLabel).FillAsync(text);
        await page.Locator("fieldset.picker", new() { Has = page.GetByLabel(searchLabel) }).GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Expect(page.GetByLabel(searchLabel)).ToHaveValueAsync(text);
    }

    /// <summary>The notice arrives through the outbox: the inbox is read again until it is there, then opened.</summary>
    private static async Task OpenFromInboxAsync(IPage page, string subject, string? body = null)
    {
        var notice = page.Locator("tbody tr", new() { HasText = subject });
        for (var i = 0; i < 60 && await notice.CountAsync() == 0; i++)
        {
            await page.GotoAsync("/inbox");
            if (await notice.CountAsync() == 0) await Task.Delay(500);
        }
        if (body is not null) await Expect(notice.First).ToContainTextAsync(body);
        await notice.First.GetByRole(AriaRole.Button, new() { Name = subject }).ClickAsync();
    }

    private static async Task AssertNoIdsAsync(IPage page) =>
        Assert.DoesNotMatch(Guid36, await page.Locator("main").InnerTextAsync());

    private static async Task AxeAsync(IPage page)
    {
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{page.Url}: {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }
}
