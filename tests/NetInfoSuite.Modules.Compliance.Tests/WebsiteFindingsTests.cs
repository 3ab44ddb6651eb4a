using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>What a website check finds beyond reachability (issue 16 §6): the certificate's end judged on the office's
/// clock, personal data on the home page (resident ID numbers with a valid check character, mobile numbers), a home page
/// unchanged for two weeks; and a failed check opening a review case in one step, linked back to the site.</summary>
public sealed class WebsiteFindingsTests(ComplianceWorld world) : IClassFixture<ComplianceWorld>
{
    private const string Api = "/api/compliance/websites";
    private const string Icp = "黑ICP备05000002号-1";

    private static string Page(string body) => $"<html><body><h1>宁安市人民政府</h1>{body}<footer>{Icp}</footer></body></html>";

    private async Task<Guid> RegisterAsync(HttpClient client, string name, string address)
    {
        var response = await client.PostAsJsonAsync(Api, new { name, address, icpNumber = Icp, protectionLevel = 3, owner = world.CountyA, active = false });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> CheckAsync(HttpClient client, Guid id)
    {
        var response = await client.PostAsync($"{Api}/{id}/check", null);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastCheck");
    }

    private static string[] Problems(JsonElement check) =>
        check.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task A_certificate_about_to_end_or_ended_on_the_offices_clock_is_reported_beside_its_being_untrusted()
    {
        var now = world.Clock.GetUtcNow();
        await using var soon = await LocalSite.StartAsync(Page(""), https: true, certificateUntil: now.AddDays(10));
        await using var later = await LocalSite.StartAsync(Page(""), https: true, certificateUntil: now.AddDays(200));
        await using var ended = await LocalSite.StartAsync(Page(""), https: true, certificateUntil: now.AddDays(-2));
        var officer = await ComplianceWorld.FreshAsync(world.Officer);

        var soonCheck = await CheckAsync(officer, await RegisterAsync(officer, "证书将到期网站", soon.Address));
        Assert.Equal(["CertificateExpiring", "CertificateInvalid"], Problems(soonCheck));
        Assert.Equal(now.AddDays(10).UtcDateTime.Date, soonCheck.GetProperty("certificateExpires").GetDateTimeOffset().UtcDateTime.Date);
        Assert.Equal(["CertificateInvalid"], Problems(await CheckAsync(officer, await RegisterAsync(officer, "证书有效期长网站", later.Address))));
        Assert.Equal(["CertificateExpired", "CertificateInvalid"], Problems(await CheckAsync(officer, await RegisterAsync(officer, "证书已过期网站", ended.Address))));
    }

    [Fact]
    public async Task A_resident_id_with_a_valid_check_character_and_a_mobile_number_are_found_masked_and_an_invalid_id_is_not()
    {
        // 11010519491231002X is valid (its check character is X); the same number ending in 3 is not; 230103198506121234 is valid too.
        await using var exposed = await LocalSite.StartAsync(Page("<p>公示：张三 身份证号 11010519491231002X，联系电话 13812345678。</p><p>李四 230103198506121234</p>"));
        await using var invalid = await LocalSite.StartAsync(Page("<p>订单号 110105194912310023，座机 0453-6221234，编号 2026120112345678901</p>"));
        var officer = await ComplianceWorld.FreshAsync(world.Officer);

        var found = await CheckAsync(officer, await RegisterAsync(officer, "公示泄露网站", exposed.Address));
        Assert.Contains("PersonalData", Problems(found));
        Assert.Equal(["110105********002X", "230103********1234", "138****5678"],
            found.GetProperty("personalData").EnumerateArray().Select(p => p.GetString()).ToArray());
        var json = found.GetRawText();
        Assert.DoesNotContain("11010519491231002X", json);   // the check keeps masked forms only
        Assert.DoesNotContain("13812345678", json);

        var clean = await CheckAsync(officer, await RegisterAsync(officer, "无个人信息网站", invalid.Address));
        Assert.DoesNotContain("PersonalData", Problems(clean));
        Assert.Equal(0, clean.GetProperty("personalData").GetArrayLength());
    }

    [Fact]
    public async Task A_home_page_unchanged_for_two_weeks_fails_as_not_updated_until_its_text_changes()
    {
        await using var site = await LocalSite.StartAsync(Page("<p>今日要闻：全市网络安全宣传周启动。</p>"));
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var id = await RegisterAsync(officer, "首页更新检测网站", site.Address);
        var first = await CheckAsync(officer, id);
        Assert.DoesNotContain("NotUpdated", Problems(first));
        Assert.Equal(world.Clock.GetUtcNow(), first.GetProperty("pageChangedAt").GetDateTimeOffset());

        world.Clock.Advance(TimeSpan.FromDays(13));
        officer = await ComplianceWorld.FreshAsync(world.Officer);
        Assert.DoesNotContain("NotUpdated", Problems(await CheckAsync(officer, id)));
        world.Clock.Advance(TimeSpan.FromDays(1));
        officer = await ComplianceWorld.FreshAsync(world.Officer);
        Assert.Contains("NotUpdated", Problems(await CheckAsync(officer, id)));
        var page = await officer.GetStringAsync($"/compliance/websites/{id}");
        Assert.Contains("首页超过 14 天未更新", page);

        site.Html = Page("<p>今日要闻：网信办召开专项治理推进会。</p>");
        var updated = await CheckAsync(officer, id);
        Assert.DoesNotContain("NotUpdated", Problems(updated));
        Assert.Equal(world.Clock.GetUtcNow(), updated.GetProperty("pageChangedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_failed_check_opens_a_case_in_one_step_prefilled_and_linked_back_to_the_site()
    {
        await using var exposed = await LocalSite.StartAsync(Page("<p>联系人手机 13912345678</p>"));
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var id = await RegisterAsync(officer, "宁安市教育局网", exposed.Address);

        var unchecked_ = await officer.PostAsJsonAsync($"{Api}/{id}/cases", new { severity = "Serious" });
        Assert.Equal(HttpStatusCode.BadRequest, unchecked_.StatusCode);
        Assert.Contains("website", await unchecked_.Content.ReadAsStringAsync());

        await CheckAsync(officer, id);
        var form = await officer.GetStringAsync($"/compliance/websites/{id}");
        Assert.Contains("就检测问题立案", form);
        Assert.Contains("首页暴露个人信息", form);   // the finding prefilled from the check

        // Someone who reads the site but handles no cases sees its findings without the form.
        var editor = await ComplianceWorld.FreshAsync(await world.UserAsync(world.CountyA, "Editor"));
        var readOnly = await editor.GetAsync($"/compliance/websites/{id}");
        Assert.Equal(HttpStatusCode.OK, readOnly.StatusCode);
        var readPage = await readOnly.Content.ReadAsStringAsync();
        Assert.Contains("首页暴露个人信息", readPage);
        Assert.DoesNotContain("就检测问题立案", readPage);

        var street = await ComplianceWorld.FreshAsync(world.Street);
        Assert.Equal(HttpStatusCode.Forbidden, (await street.PostAsJsonAsync($"{Api}/{id}/cases", new { severity = "Serious" })).StatusCode);

        var response = await officer.PostAsJsonAsync($"{Api}/{id}/cases", new { severity = "Serious" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var opened = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("宁安市教育局网", opened.GetProperty("subject").GetString());
        Assert.Equal(world.CountyA, opened.GetProperty("unit").GetGuid());
        Assert.Equal("Website", opened.GetProperty("subjectKind").GetString());
        Assert.Equal("AutomaticScan", opened.GetProperty("source").GetString());
        Assert.Equal("Serious", opened.GetProperty("severity").GetString());
        Assert.Equal(exposed.Address, opened.GetProperty("evidenceUrl").GetString());
        Assert.Equal("139****5678", opened.GetProperty("evidenceExcerpt").GetString());
        Assert.Contains("首页暴露个人信息", opened.GetProperty("finding").GetString());
        Assert.Equal(id, opened.GetProperty("website").GetGuid());

        // Pressed twice for the same check: the same case.
        var again = await (await officer.PostAsJsonAsync($"{Api}/{id}/cases", new { severity = "Minor" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(opened.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());

        var site = await officer.GetFromJsonAsync<JsonElement>($"{Api}/{id}");
        Assert.Equal(opened.GetProperty("id").GetGuid(), Assert.Single(site.GetProperty("cases").EnumerateArray()).GetProperty("id").GetGuid());
        var casePage = await officer.GetStringAsync($"/compliance/cases/{opened.GetProperty("id").GetGuid()}");
        Assert.Contains($"/compliance/websites/{id}", casePage);

        // The county's sibling sees neither the site nor a way to open a case on it.
        var countyB = await ComplianceWorld.FreshAsync(world.CountyAdminB);
        Assert.Equal(HttpStatusCode.NotFound, (await countyB.PostAsJsonAsync($"{Api}/{id}/cases", new { severity = "Serious" })).StatusCode);
    }
}

/// <summary>A host as deployed: <c>Compliance:Websites:AllowPrivateAddresses</c> false.</summary>
public sealed class DeployedComplianceWorld(PostgresServer postgres) : ComplianceWorld(postgres)
{
    protected override bool AllowPrivateAddresses => false;
}

/// <summary>A registered address on the host's own network is refused, not fetched, whether given as an address or a name.</summary>
public sealed class WebsiteAddressRefusalTests(DeployedComplianceWorld world) : IClassFixture<DeployedComplianceWorld>
{
    [Fact]
    public async Task A_loopback_address_or_a_name_resolving_to_it_is_reported_refused_and_never_requested()
    {
        await using var site = await LocalSite.StartAsync("<html><body>黑ICP备05000003号</body></html>");
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var byName = site.Address.Replace("127.0.0.1", "localhost");
        foreach (var (name, address) in new[] { ("内网地址网站", site.Address), ("内网域名网站", byName) })
        {
            var created = await officer.PostAsJsonAsync("/api/compliance/websites",
                new { name, address, icpNumber = "黑ICP备05000003号", protectionLevel = 2, owner = world.CountyA, active = false });
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var check = (await (await officer.PostAsync($"/api/compliance/websites/{id}/check", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastCheck");
            Assert.Equal(["AddressRefused"], check.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToArray());
            Assert.False(check.GetProperty("reachable").GetBoolean());
        }
        Assert.Equal(0, site.Requests);
    }
}
