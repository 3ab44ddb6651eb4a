using System.Net.Http.Json;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Browser.Tests;

/// <summary>Every page of every module, as each role, in Chinese (issue 15): the pages come from the role's navigation,
/// from the route table of the built host and plugins (so a new page is walked without a new test), and from the links
/// on the pages walked (a page with an id is reached through a link, as its users reach it). No page may answer 5xx,
/// show a raw JSON body, show GUID-shaped text, or show an English enum name of the platform or a plugin; each role walks
/// at 1366 px and on a 375 px phone, where no page may be wider than the screen.</summary>
public sealed partial class PageWalkTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    /// <summary>Route templates not walked, each with its reason (nothing else is left out).</summary>
    private static readonly Dictionary<string, string> NotWalked = new(StringComparer.Ordinal)
    {
        ["/sign-in"] = "the signed-out page: a signed-in walk has nothing to check there",
        ["/error/{Status:int}"] = "the error page itself: every 403/404 met in the walk is checked as the page it replaced",
    };

    [Fact]
    public async Task Every_page_as_every_role_shows_no_raw_json_guid_english_enum_name_or_server_error()
    {
        var world = await SeedAsync();
        var templates = RouteTemplates();
        Assert.Contains("/grid-dispatch/directives/{Id:guid}", templates);
        Assert.Contains("/account-matrix/accounts/{Id:guid}", templates);
        Assert.Contains("/compliance/notices/{Id:guid}/print", templates);
        var enumNames = EnumNames();
        Assert.Contains("GridOperator", enumNames);

        var failures = new List<string>();
        var figures = new List<string>();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (role, login, password) in world.Users)
            foreach (var width in new[] { 1366, 375 })
            {
                var page = await console.SignedInPageAsync(login, password, width: width, height: width == 375 ? 812 : 768);
                var walked = await WalkAsync(page, $"{role} {width}px", templates, enumNames, failures);
                reached.UnionWith(walked);
                figures.Add($"{role} at {width} px: {walked.Count} pages");
                await page.Context.CloseAsync();
            }

        // The checks find what they look for: a walk that finds nothing is a clean console, not a blind test.
        var probe = await console.SignedInPageAsync("admin", TestHost.AdminPassword);
        var json = (await probe.GotoAsync("/api/modules"))!;
        Assert.Contains("a raw JSON body", await ProblemsAsync(probe, json.Status, await json.HeaderValueAsync("content-type"), enumNames));
        await probe.SetContentAsync($"<main><p>{System.Guid.NewGuid()}</p><p>角色：GridOperator</p></main>");
        Assert.Equal(2, (await ProblemsAsync(probe, 200, "text/html", enumNames)).Count);
        await probe.Context.CloseAsync();

        // Every page of the route table was reached by some role (a page with an id through a link to it).
        var missed = templates.Where(t => !NotWalked.ContainsKey(t) && !reached.Contains(t)).ToList();
        await File.WriteAllTextAsync(Path.Combine(ConsoleFixture.Screenshots, "..", "page-walk-figures.txt"),
            $"pages walked per role: {string.Join("; ", figures)}\nfailures: {failures.Count}\nnever reached: {string.Join(", ", missed)}\n"
            + string.Join("\n", failures));
        Assert.True(failures.Count == 0, $"{failures.Count} page problem(s):\n{string.Join("\n", failures)}");
        Assert.True(missed.Count == 0, "pages no role reached: " + string.Join(", ", missed));
    }

    /// <summary>Visits the navigation and every page template without parameters, then follows links on the pages to the
    /// templates with parameters (one page per template). Returns the templates walked.</summary>
    private async Task<HashSet<string>> WalkAsync(IPage page, string role, IReadOnlyList<string> templates,
        IReadOnlySet<string> enumNames, List<string> failures)
    {
        var walked = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        await page.GotoAsync("/");
        foreach (var href in await page.Locator("nav.side a[href^='/']").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))"))
            queue.Enqueue(href);
        foreach (var t in templates.Where(t => !t.Contains('{') && !NotWalked.ContainsKey(t))) queue.Enqueue(t);

        while (queue.Count > 0)
        {
            var url = queue.Dequeue();
            var path = url.Split('?', '#')[0];
            if (Match(templates, path) is not { } template || NotWalked.ContainsKey(template) || !walked.Add(template)) continue;
            IResponse? response;
            try { response = await page.GotoAsync(url); }
            catch (PlaywrightException ex) { failures.Add($"{role} {url}: did not load ({ex.Message.Split('\n')[0]})"); continue; }
            if (response is null) continue;
            foreach (var problem in await ProblemsAsync(page, response.Status, await response.HeaderValueAsync("content-type"), enumNames))
                failures.Add($"{role} {url}: {problem}");
            if (response.Status >= 400) continue;
            foreach (var href in await page.Locator("main a[href^='/']").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))"))
                if (Match(templates, href.Split('?', '#')[0]) is { } next && !walked.Contains(next)) queue.Enqueue(href);
        }
        return walked;
    }

    private static async Task<List<string>> ProblemsAsync(IPage page, int status, string? contentType, IReadOnlySet<string> enumNames)
    {
        var problems = new List<string>();
        if (status >= 500) problems.Add($"answered {status}");
        var type = contentType ?? "";
        // The visible text, without the correlation id an error page shows on purpose (for whoever reports it).
        var text = await page.EvaluateAsync<string>(
            "() => { let t = document.body.innerText; document.querySelectorAll('code.correlation').forEach(c => t = t.split(c.innerText).join('')); return t; }");
        if (type.Contains("json", StringComparison.OrdinalIgnoreCase) || LooksLikeJson(text)) problems.Add("a raw JSON body");
        if (GuidShape().Match(text) is { Success: true } guid) problems.Add($"GUID-shaped text «{guid.Value}»");
        var english = Words().Matches(text).Select(m => m.Value).Where(enumNames.Contains).Distinct().ToList();
        if (english.Count > 0) problems.Add($"English enum name(s) {string.Join(", ", english)}");
        // On a phone the page fits its width: wide tables scroll inside their own frame, never the whole page.
        if (page.ViewportSize is { Width: <= 400 } && await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"))
            problems.Add("wider than the phone's screen (the whole page scrolls sideways)");
        return problems;
    }

    private static bool LooksLikeJson(string text)
    {
        var trimmed = text.Trim();
        if (!(trimmed.StartsWith('{') || trimmed.StartsWith('['))) return false;
        try { JsonDocument.Parse(trimmed); return true; }
        catch (JsonException) { return false; }
    }

    private static string? Match(IReadOnlyList<string> templates, string path) =>
        templates.FirstOrDefault(t => t == path) ?? templates.FirstOrDefault(t => t.Contains('{') && TemplateRegex(t).IsMatch(path));

    private static Regex TemplateRegex(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template).Replace(@"\{", "{"), @"\{[^}]+}", "[^/]+") + "$");

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidShape();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9]*(?![A-Za-z0-9_])")]
    private static partial Regex Words();

    /// <summary>The page routes of the built host and every plugin on disk (the components' [Route] attributes).</summary>
    private static List<string> RouteTemplates() =>
        Assemblies().SelectMany(dll => Attributes(dll, "Microsoft.AspNetCore.Components", "RouteAttribute"))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Every member name of every enum in the platform and its plugins (what a page must translate).</summary>
    private static HashSet<string> EnumNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dll in Assemblies())
        {
            using var pe = new PEReader(File.OpenRead(dll));
            var md = pe.GetMetadataReader();
            foreach (var handle in md.TypeDefinitions)
            {
                var type = md.GetTypeDefinition(handle);
                if (type.BaseType.Kind != HandleKind.TypeReference) continue;
                var baseType = md.GetTypeReference((TypeReferenceHandle)type.BaseType);
                if (md.GetString(baseType.Name) != "Enum" || md.GetString(baseType.Namespace) != "System") continue;
                foreach (var field in type.GetFields())
                    if (md.GetString(md.GetFieldDefinition(field).Name) is var name && name != "value__" && name.Length > 2) names.Add(name);
            }
        }
        return names;
    }

    private static IEnumerable<string> Assemblies() =>
        Directory.GetFiles(RepoPaths.HostBin, "NetInfoSuite.*.dll")
            .Concat(Directory.GetFiles(RepoPaths.HostPlugins, "NetInfoSuite.*.dll", SearchOption.AllDirectories))
            .GroupBy(Path.GetFileName).Select(g => g.First());

    /// <summary>The first string argument of every attribute of this type on a type of the assembly.</summary>
    private static List<string> Attributes(string dll, string ns, string name)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        if (!pe.HasMetadata) return [];
        var md = pe.GetMetadataReader();
        var values = new List<string>();
        foreach (var handle in md.CustomAttributes)
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Parent.Kind != HandleKind.TypeDefinition || attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var ctor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference) continue;
            var type = md.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            if (md.GetString(type.Name) != name || md.GetString(type.Namespace) != ns) continue;
            var blob = md.GetBlobReader(attribute.Value);
            blob.ReadUInt16(); // the prolog
            if (blob.ReadSerializedString() is { } value) values.Add(value);
        }
        return values;
    }

    private sealed record World(List<(string Role, string Login, string Password)> Users);

    /// <summary>A small city with something on every page: a county's street and community, a user for every role, a
    /// grid group with its operator, an issued directive, an active account with a topic and a piece in review, a campaign.</summary>
    private async Task<World> SeedAsync()
    {
        var street = await console.CreateUnitAsync("231084101", "宁安镇", "Street", console.Ningan);
        var community = await console.CreateUnitAsync("231084102", "西关社区", "Community", street);
        var users = new List<(string, string, string)> { ("admin", "admin", TestHost.AdminPassword) };
        var logins = new Dictionary<Role, string>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var unit = role switch
            {
                Role.SystemAdmin or Role.CityAdmin => console.City,
                Role.GridOperator => community,
                _ => console.Ningan,
            };
            logins[role] = await console.CreateUserAsync(unit, role.ToString());
            users.Add((role.ToString(), logins[role], ConsoleFixture.UserPassword));
        }

        using var city = await Client(logins[Role.CityAdmin]);
        using var approver = await Client(await console.CreateUserAsync(console.City, "CityAdmin"));
        using var editor = await Client(logins[Role.Editor]);
        using var county = await Client(logins[Role.CountyAdmin]);
        await Ok(city.PostAsJsonAsync("/api/grid-dispatch/groups", new
        {
            name = "西关网格一群", kind = "GridGroup", platform = "WeChat", orgUnitId = community, memberCount = 320,
            operators = new[] { new { name = "李网格", phone = "13900005678", login = logins[Role.GridOperator] } },
        }));
        var directive = await Id(city.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "寒潮预警：请提醒居民防寒", body = "今夜最低气温零下三十度，请提醒居民注意防寒保暖。", category = "ExtremeWeather", urgency = "Urgent",
            delivery = "Direct",
        }));
        await Ok(approver.PostAsync($"/api/grid-dispatch/directives/{directive}/approve", null));
        await Ok(city.PostAsync($"/api/grid-dispatch/directives/{directive}/issue", null));
        await Id(city.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "防汛提醒（草稿）", body = "请提醒居民关注汛情。", category = "ExtremeWeather", urgency = "Routine", delivery = "Direct",
        }));

        var account = await Id(city.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name = "宁安发布", platform = "WeChat", handle = "ningan-fabu", category = "Government", ownerUnitId = console.Ningan, verified = true,
        }));
        foreach (var to in new[] { "Filed", "Active" })
            await Ok(city.PostAsJsonAsync($"/api/account-matrix/accounts/{account}/status", new { to }));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)); // the office (Beijing) day
        await Ok(city.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            articles = Enumerable.Range(1, 3).Select(w => new { id = $"na-{w}", accountId = account, day = today.AddDays(-7 * w), title = "周报", headline = true, reads = 1000 * w }),
        }));
        await Id(editor.PostAsJsonAsync("/api/account-matrix/topics", new
        {
            title = "镜泊湖冬捕专题", from = today.AddDays(-30), to = today.AddDays(30), description = "冬捕节宣传", accounts = new[] { account },
        }));
        var piece = await Id(editor.PostAsJsonAsync("/api/account-matrix/publications",
            new { title = "冬捕开幕", body = "镜泊湖冬捕今日开幕。", accounts = new[] { account } }));
        await Ok(editor.PostAsync($"/api/account-matrix/publications/{piece}/submit", null));
        var finding = await Id(city.PostAsJsonAsync("/api/compliance/cases", new
        {
            unit = console.Ningan, subjectKind = "Website", subject = "宁安市政府网", source = "Patrol", severity = "Moderate", finding = "首页两周未更新。",
        }));
        await Id(city.PostAsJsonAsync("/api/compliance/notices", new
        {
            recipient = console.Ningan, subject = "宁安市政府网首页长期未更新", problems = "首页最近一次更新在 15 天前。", requirements = "立即更新并建立台账。",
            deadline = today.AddDays(10), cases = new[] { finding },
        }));
        await Id(city.PostAsJsonAsync("/api/compliance/media-units", new
        {
            name = "宁安某某传媒有限公司", creditCode = "91350100M000100Y43", kind = "Company", nonPublicShare = 35, category = "Restricted",
            filedOn = today.AddDays(-100), status = "Active", supervisor = console.Ningan,
        }));
        var rule = await Id(city.PostAsJsonAsync("/api/compliance/rules", new
        {
            title = "牡丹江市网络媒体意识形态管理制度", documentNumber = "牡网信发〔2026〕1号", issuingBody = "牡丹江市委网信办", status = "Effective",
            issuedOn = today.AddDays(-60), effectiveOn = today.AddDays(-50), text = "第一条 为加强网络媒体意识形态工作，制定本制度。",
        }));
        await Ok(city.PutAsJsonAsync($"/api/compliance/rules/{rule}", new
        {
            title = "牡丹江市网络媒体意识形态管理制度", documentNumber = "牡网信发〔2026〕1号", issuingBody = "牡丹江市委网信办", status = "Effective",
            issuedOn = today.AddDays(-60), effectiveOn = today.AddDays(-50), text = "第一条 为加强网络媒体意识形态工作，落实责任制，制定本制度。", note = "增加责任制",
        }));
        await Id(city.PostAsJsonAsync("/api/compliance/campaigns", new
        {
            title = "政务新媒体违规外包专项整治", scope = "排查内容运维外包。", from = today, to = today.AddDays(60), targets = new[] { console.Ningan }, rule,
        }));
        await Id(city.PostAsJsonAsync("/api/compliance/websites", new
        {
            name = "宁安市人民政府网", address = "http://127.0.0.1:9/", icpNumber = "黑ICP备05000001号", protectionLevel = 2, owner = console.Ningan,
        }));
        await Id(county.PostAsJsonAsync("/api/jingpo-winter-fishing/campaigns",
            new { name = "镜泊湖冬捕", firstDay = today.AddDays(10), lastDay = today.AddDays(16) }));
        // A personality with personal data (shown masked), an honour, and a field trip.
        var person = await Id(editor.PostAsJsonAsync("/api/netizen-registry/profiles", new
        {
            alias = "镜泊雪", field = "SelfMedia", unitId = console.Ningan, consent = "Consented", consentOn = today.AddDays(-3),
            platforms = new[] { new { platform = "Douyin", handle = "jingpoxue", followers = 150_000 } },
            contact = new { realName = "张三丰", mobile = "13812341234" },
        }));
        await Ok(editor.PostAsJsonAsync($"/api/netizen-registry/profiles/{person}/honours",
            new { title = "牡丹江市好网民", level = "City", issuer = "牡丹江市委网信办", awardedOn = today.AddDays(-1) }));
        var trip = await Id(editor.PostAsJsonAsync("/api/netizen-registry/trips",
            new { name = "镜泊胜景·林海雪原", from = today.AddDays(-2), to = today, places = new[] { "镜泊湖" }, unitId = console.Ningan }));
        await Ok(editor.PostAsJsonAsync($"/api/netizen-registry/trips/{trip}/participants", new { profiles = new[] { person } }));
        // A 最美好网民 selection of 宁安市 in its voting stage: the campaign page links to the public voting page.
        var selection = await Id(county.PostAsJsonAsync("/api/netizen-registry/selections", new
        {
            name = "宁安市最美好网民评选", honourTitle = "宁安市最美好网民", unitId = console.Ningan, jurors = new[] { logins[Role.Editor] },
            voteFrom = today.AddDays(-1), voteTo = today.AddDays(2), winners = 1,
        }));
        await Ok(editor.PostAsJsonAsync($"/api/netizen-registry/selections/{selection}/nominations", new { profileId = person, reason = "长期宣传镜泊湖冬捕" }));
        await Ok(county.PostAsJsonAsync($"/api/netizen-registry/selections/{selection}/stage", new { to = "Qualification" }));
        using (var view = JsonDocument.Parse(await county.GetStringAsync($"/api/netizen-registry/selections/{selection}")))
            await Ok(county.PostAsJsonAsync($"/api/netizen-registry/selections/{selection}/reviews",
                new { candidateId = view.RootElement.GetProperty("candidates")[0].GetProperty("id").GetString(), qualified = true, note = "符合条件" }));
        await Ok(county.PostAsJsonAsync($"/api/netizen-registry/selections/{selection}/stage", new { to = "Scoring" }));
        // An evaluation plan of the city (the counties) and one of 宁安市 (its street), each with a score entered.
        var plan = await Id(city.PostAsJsonAsync("/api/inspection/plans", new { name = "政务新媒体年度检查", year = today.Year, template = "gov-new-media" }));
        await Ok(city.PostAsJsonAsync($"/api/inspection/plans/{plan}/groups", new { name = "县（市、区）", units = new[] { console.Ningan, console.Dongning } }));
        var tour = await Id(city.PostAsJsonAsync("/api/inspection/tours", new
        {
            name = "网络意识形态工作责任制巡察", from = today.AddDays(-5), to = today.AddDays(5), lead = "王组长", members = new[] { "李组员" },
            targets = new[] { console.Ningan }, keyPoints = new[] { "责任制落实情况" },
        }));
        await Ok(city.PostAsJsonAsync($"/api/inspection/tours/{tour}/visits", new { date = today, place = "宁安市委网信办", peopleMet = "网信办主任" }));
        await Ok(city.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings",
            new { problem = "责任制台账缺失", severity = "Moderate", unit = console.Ningan, deadline = today.AddDays(30) }));
        var countyPlan = await Id(county.PostAsJsonAsync("/api/inspection/plans", new { name = "宁安市街道考评", year = today.Year }));
        using (var indicators = JsonDocument.Parse(await (await county.PostAsJsonAsync($"/api/inspection/plans/{countyPlan}/indicators",
                   new { name = "工作机制", points = 100, method = "Manual" })).Content.ReadAsStringAsync()))
        {
            var indicator = indicators.RootElement.GetProperty("indicators")[0].GetProperty("id").GetString();
            await Ok(county.PostAsJsonAsync($"/api/inspection/plans/{countyPlan}/groups", new { name = "乡镇（街道）", units = new[] { street } }));
            await Ok(county.PutAsJsonAsync($"/api/inspection/plans/{countyPlan}/cards/{street}/entries/{indicator}", new { score = 85, comment = "机制健全" }));
        }
        // A copy of it published, with its bulletin: the yearly results and the bulletin pages have something to show.
        var published = await Id(county.PostAsJsonAsync("/api/inspection/plans", new { name = "宁安市街道半年考评", year = today.Year, copyFrom = countyPlan }));
        await Ok(county.PostAsync($"/api/inspection/plans/{published}/publish", null));
        await Ok(county.PostAsJsonAsync($"/api/inspection/plans/{published}/bulletin", new { number = "宁网信通〔2026〕1号" }));
        return new World(users);
    }

    private async Task<HttpClient> Client(string login)
    {
        var client = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await client.SignInAsync(login, ConsoleFixture.UserPassword);
        return client;
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> Id(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
