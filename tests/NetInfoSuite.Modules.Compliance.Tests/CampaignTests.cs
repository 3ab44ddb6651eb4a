using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>专项治理: a campaign against target units under a rule, the cases and notices about its targets linked to it,
/// and its progress per target and per county.</summary>
public sealed class CampaignTests(ComplianceWorld world) : IClassFixture<ComplianceWorld>
{
    private const string Api = "/api/compliance";

    [Fact]
    public async Task A_campaign_counts_the_findings_linked_to_its_targets_per_county_and_refuses_what_is_not_about_them()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var rule = (await (await officer.PostAsJsonAsync($"{Api}/rules", RuleTests.Rule("关于严禁政务新媒体运维违规外包的通知", "严禁违规外包。")))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var response = await officer.PostAsJsonAsync($"{Api}/campaigns", new
        {
            title = "政务网站和新媒体违规外包专项整治", scope = "排查内容运维外包情况。", from = world.Today.ToString("yyyy-MM-dd"),
            to = world.Today.AddDays(60).ToString("yyyy-MM-dd"), targets = new[] { world.StreetA1, world.CountyB }, rule,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var campaign = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var finding = (await (await officer.PostAsJsonAsync($"{Api}/cases", new
        {
            unit = world.StreetA1, subjectKind = "Account", subject = "宁安一街公众号", source = "Patrol", severity = "Serious", finding = "内容运维外包给第三方公司。",
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (notice, _) = await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(10), "宁安一街公众号违规外包");
        var elsewhere = (await (await officer.PostAsJsonAsync($"{Api}/cases", new
        {
            unit = world.CountyA, subjectKind = "Website", subject = "宁安市政府网", source = "Patrol", severity = "Minor", finding = "与本次专项无关。",
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var refused = await officer.PostAsJsonAsync($"{Api}/campaigns/{campaign}/links", new { cases = new[] { elsewhere } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("cases", await refused.Content.ReadAsStringAsync());

        var linked = await officer.PostAsJsonAsync($"{Api}/campaigns/{campaign}/links", new { cases = new[] { finding }, notices = new[] { notice } });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var view = await linked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("关于严禁政务新媒体运维违规外包的通知", view.GetProperty("rule").GetProperty("title").GetString());
        var counties = view.GetProperty("counties").EnumerateArray().ToDictionary(c => c.GetProperty("county").GetString()!);
        Assert.Equal(1, counties["宁安市"].GetProperty("targetsWithFindings").GetInt32());
        Assert.Equal(1, counties["宁安市"].GetProperty("cases").GetInt32());
        Assert.Equal(1, counties["宁安市"].GetProperty("notices").GetInt32());
        Assert.Equal(0, counties["东宁市"].GetProperty("targetsWithFindings").GetInt32());

        // 宁安's county admin reads the city's campaign (its own part) and cannot change it; the page shows the progress.
        var countyA = await ComplianceWorld.FreshAsync(world.CountyAdminA);
        var seen = await countyA.GetFromJsonAsync<JsonElement>($"{Api}/campaigns/{campaign}");
        Assert.Equal(["宁安一街"], seen.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToArray());
        Assert.False(seen.GetProperty("editable").GetBoolean());
        var change = await countyA.PostAsJsonAsync($"{Api}/campaigns/{campaign}/links", new { cases = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        var page = await officer.GetStringAsync($"/compliance/campaigns/{campaign}");
        Assert.Contains("宁安一街公众号", page);
        Assert.Contains("各县（市）区进度", page);
    }

    [Fact]
    public async Task A_campaign_needs_targets_in_reach_and_a_period_that_ends_after_it_starts()
    {
        var countyB = await ComplianceWorld.FreshAsync(world.CountyAdminB);
        var outside = await countyB.PostAsJsonAsync($"{Api}/campaigns", new
        {
            title = "越权专项", from = "2026-06-01", to = "2026-07-01", targets = new[] { world.StreetA1 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("targets", await outside.Content.ReadAsStringAsync());
        var backwards = await countyB.PostAsJsonAsync($"{Api}/campaigns", new
        {
            title = "倒置专项", from = "2026-07-01", to = "2026-06-01", targets = new[] { world.CountyB },
        });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("to", (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }
}
