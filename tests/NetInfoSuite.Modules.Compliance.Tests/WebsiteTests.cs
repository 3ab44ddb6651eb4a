using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Contracts.Compliance;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>党政机关网站安全: the registry and the checks the host runs itself (reachable, HTTPS and its certificate, the
/// ICP number on the home page) against web servers the test starts on 127.0.0.1; each site once per interval however
/// many runs race; failing sites counted in the compliance summary.</summary>
public sealed class WebsiteTests(ComplianceWorld world) : IClassFixture<ComplianceWorld>
{
    private const string Api = "/api/compliance/websites";
    private const string Icp = "黑ICP备05000001号-1";

    private static string Page(string footer) => $"<html><body><h1>宁安市人民政府</h1><footer>版权所有 {footer}</footer></body></html>";

    private async Task<Guid> RegisterAsync(HttpClient client, string name, string address, Guid owner, bool active = true)
    {
        var response = await client.PostAsJsonAsync(Api, new
        {
            name, address, icpNumber = Icp, protectionLevel = 2, hosting = "市电子政务云", owner, contact = "张三 0453-1234567", active,
        });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static string[] Problems(JsonElement site) =>
        site.GetProperty("lastCheck").GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task The_checks_find_what_each_site_lacks_run_once_per_interval_and_count_in_the_summary()
    {
        await using var good = await LocalSite.StartAsync(Page($"黑ICP备 05000001号-1"));   // the number, a space in it
        await using var noIcp = await LocalSite.StartAsync(Page("联系我们"));
        await using var broken = await LocalSite.StartAsync(Page(Icp), status: 503);
        await using var tls = await LocalSite.StartAsync(Page(Icp), https: true);
        var dead = await LocalSite.DeadAddressAsync();

        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        // This class's own county-level unit, so that other tests' sites stay out of its counts.
        await world.Host.Client.SignInAsync("admin", TestHost.AdminPassword); // an earlier test's fake clock may have aged its token
        var unit = (await (await world.Host.Client.PostAsJsonAsync("/api/directory/units",
            new { code = "231085", name = "穆棱市", level = "County", parentId = world.City })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var ids = new Dictionary<string, Guid>
        {
            ["good"] = await RegisterAsync(officer, "穆棱市政府网", good.Address, unit),
            ["noIcp"] = await RegisterAsync(officer, "穆棱市教育局网", noIcp.Address, unit),
            ["broken"] = await RegisterAsync(officer, "穆棱市卫健委网", broken.Address, unit),
            ["tls"] = await RegisterAsync(officer, "穆棱市融媒体中心网", tls.Address, unit),
            ["dead"] = await RegisterAsync(officer, "穆棱市已停运网站", dead, unit),
        };
        await RegisterAsync(officer, "穆棱市不检测网站", "http://127.0.0.1:9/", unit, active: false);

        // Two runs at once (as on two instances): each site is checked by one of them.
        var runs = await Task.WhenAll(officer.PostAsync($"{Api}/check", null), officer.PostAsync($"{Api}/check", null));
        var results = await Task.WhenAll(runs.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        var checkedNow = results.Sum(r => r.GetProperty("checked").GetInt32());
        Assert.Equal(5, checkedNow);

        var sites = new Dictionary<string, JsonElement>();
        foreach (var (key, id) in ids) sites[key] = await officer.GetFromJsonAsync<JsonElement>($"{Api}/{id}");
        Assert.All(sites.Values, s => Assert.Equal(1, s.GetProperty("history").GetArrayLength()));
        Assert.Equal(["NoHttps"], Problems(sites["good"]));
        Assert.True(sites["good"].GetProperty("lastCheck").GetProperty("icpShown").GetBoolean());
        Assert.Equal(["IcpMissing", "NoHttps"], Problems(sites["noIcp"]));
        Assert.Equal(["ServerError"], Problems(sites["broken"]));
        Assert.Equal(["CertificateInvalid"], Problems(sites["tls"]));   // self-signed: not trusted
        Assert.True(sites["tls"].GetProperty("lastCheck").GetProperty("https").GetBoolean());
        Assert.Equal(DateTime.UtcNow.AddDays(10).Date, sites["tls"].GetProperty("lastCheck").GetProperty("certificateExpires").GetDateTimeOffset().UtcDateTime.Date);
        Assert.Equal(["Unreachable"], Problems(sites["dead"]));

        // Within the interval nothing is checked again; after it, every active site once more.
        Assert.Equal(0, (await (await officer.PostAsync($"{Api}/check", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checked").GetInt32());
        world.Clock.Advance(TimeSpan.FromHours(6));
        officer = await ComplianceWorld.FreshAsync(world.Officer);
        await officer.PostAsync($"{Api}/check", null); // the host's own schedule may take some of them first: either way, once each
        foreach (var id in ids.Values)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await officer.GetFromJsonAsync<JsonElement>($"{Api}/{id}")).GetProperty("history").GetArrayLength() < 2 && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            Assert.Equal(2, (await officer.GetFromJsonAsync<JsonElement>($"{Api}/{id}")).GetProperty("history").GetArrayLength());
        }

        var summary = await world.Host.SendAsSystemAsync(new GetComplianceSummary(new OrgUnitId(unit), world.Today.AddDays(-1), world.Today));
        Assert.Equal(5, summary.WebsitesChecked);
        Assert.Equal(5, summary.WebsitesFailing);
        var elsewhere = await world.Host.SendAsSystemAsync(new GetComplianceSummary(new OrgUnitId(world.CountyB), world.Today.AddDays(-1), world.Today));
        Assert.Equal(0, elsewhere.WebsitesChecked);

        var page = await officer.GetStringAsync("/compliance/websites?filter=Failing");
        Assert.Contains("首页未展示 ICP 备案号", page);
        Assert.Contains("证书无效", page);
    }

    [Fact]
    public async Task A_site_whose_check_run_died_is_checked_by_another_run_once_its_claim_has_run_out_and_only_once()
    {
        await using var slow = await LocalSite.StartAsync(Page(Icp));
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        await world.Host.Client.SignInAsync("admin", TestHost.AdminPassword); // an earlier test's fake clock may have aged its token
        var unit = (await (await world.Host.Client.PostAsJsonAsync("/api/directory/units",
            new { code = "231083", name = "海林市", level = "County", parentId = world.City })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var id = await RegisterAsync(officer, "海林市政府网", slow.Address, unit);
        async Task<int> Checks() => (await officer.GetFromJsonAsync<JsonElement>($"{Api}/{id}")).GetProperty("history").GetArrayLength();

        // A run dies while the page is still loading (its request cut off, as when its instance is killed): it had claimed the site.
        slow.Delay = TimeSpan.FromSeconds(60);
        using (var dying = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => officer.PostAsync($"{Api}/check", null, dying.Token));
        slow.Delay = TimeSpan.Zero;
        Assert.Equal(1, slow.Requests);
        await officer.PostAsync($"{Api}/check", null); // within the claim's lease no other run takes it
        Assert.Equal(0, await Checks());

        // Once the lease has run out (minutes, not the six-hour interval) the next run checks it, and only that one.
        world.Clock.Advance(TimeSpan.FromMinutes(11));
        officer = await ComplianceWorld.FreshAsync(world.Officer);
        await officer.PostAsync($"{Api}/check", null); // the host's own schedule may take it first: either way, once
        for (var until = DateTime.UtcNow.AddSeconds(20); await Checks() == 0 && DateTime.UtcNow < until;) await Task.Delay(200);
        await officer.PostAsync($"{Api}/check", null);
        Assert.Equal(1, await Checks());
        Assert.Equal(2, slow.Requests);
    }

    [Fact]
    public async Task A_website_needs_an_http_address_a_level_and_an_owner_in_reach()
    {
        var countyB = await ComplianceWorld.FreshAsync(world.CountyAdminB);
        var response = await countyB.PostAsJsonAsync(Api, new
        {
            name = "越权网站", address = "ftp://example.gov.cn/", icpNumber = Icp, protectionLevel = 7, owner = world.StreetA1,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("address", errors);
        Assert.Contains("protectionLevel", errors);
        var outside = await countyB.PostAsJsonAsync(Api, new
        {
            name = "越权网站", address = "https://www.ningan.gov.cn/", icpNumber = Icp, protectionLevel = 2, owner = world.StreetA1,
        });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("owner", await outside.Content.ReadAsStringAsync());
    }
}
