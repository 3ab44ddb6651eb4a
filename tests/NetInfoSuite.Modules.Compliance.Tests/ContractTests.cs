using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetInfoSuite.Contracts.Compliance;
using NetInfoSuite.Contracts.Kernel;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>What other modules and the home page get from compliance (issue 16 §7, §8): a case opened and a notice issued
/// through the contracts (as inspection does), NoticeClosed and NoticeOverdue published through the outbox, the unit
/// summary inspection reads (notices, cases by severity), and the dashboard cards (notices to answer, overdue notices,
/// open cases, failing websites) with their figures.</summary>
public sealed class ContractTests(ContractTests.World world) : IClassFixture<ContractTests.World>
{
    /// <summary>A world of its own: the cards and the summary count everything in it.</summary>
    public sealed class World(NetInfoSuite.Testing.PostgresServer postgres) : ComplianceWorld(postgres);

    private const string Api = "/api/compliance";

    [Fact]
    public async Task A_notice_issued_through_the_contract_closes_its_case_publishes_closed_and_overdue_and_counts_in_the_summary()
    {
        var from = world.Today;
        var opened = await world.Host.SendAsSystemAsync(new OpenReviewCase(new OrgUnitId(world.StreetA1), CaseSubjectKind.Account, "宁安一街抖音号",
            CaseSource.Inspection, CaseSeverity.Serious, "巡察发现转载未注明来源。") { SourceModule = "inspection", SourceKey = "finding:1" });
        var minor = await world.Host.SendAsSystemAsync(new OpenReviewCase(new OrgUnitId(world.StreetA1), CaseSubjectKind.Website, "宁安一街网站",
            CaseSource.Inspection, CaseSeverity.Minor, "栏目空白。") { SourceModule = "inspection", SourceKey = "finding:2" });

        // As inspection issues it: the system names the recipient; the notice is numbered by the recipient's county.
        var issued = await world.Host.SendAsSystemAsync(new IssueRectificationNotice(new OrgUnitId(world.StreetA1), "宁安一街抖音号转载不规范",
            "转载未注明来源。", "逐条更正，建立转载审核台账。", world.Today.AddDays(3), [opened]));
        Assert.Matches(@"^宁安网信整字〔2026〕第\d+号$", issued.Number);
        Assert.Equal(world.StreetA1, issued.Recipient.Value);
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        Assert.Equal("UnderRectification", (await officer.GetFromJsonAsync<JsonElement>($"{Api}/cases/{opened}")).GetProperty("status").GetString());

        var street = await ComplianceWorld.FreshAsync(world.Street);
        var url = $"{Api}/notices/{issued.Id}";
        Assert.Equal(HttpStatusCode.OK, (await street.PostAsJsonAsync($"{url}/acknowledge", new { note = "收到" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await street.PostAsJsonAsync($"{url}/report", new { report = "已逐条更正。" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"{url}/verify", new { note = "核查通过" })).StatusCode);
        Assert.Equal("Closed", (await officer.GetFromJsonAsync<JsonElement>($"{Api}/cases/{opened}")).GetProperty("status").GetString());

        var late = await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(1), "宁安一街网站栏目空白");
        world.Clock.Advance(TimeSpan.FromDays(2));
        officer = await ComplianceWorld.FreshAsync(world.Officer);
        (await officer.PostAsync($"{Api}/notices/escalate", null)).EnsureSuccessStatusCode();
        await world.Host.OutboxDeliveredAsync();

        var closed = Assert.Single(await PublishedAsync("NoticeClosed", issued.Id));
        Assert.True(closed.GetProperty("onTime").GetBoolean());
        Assert.Equal([opened], closed.GetProperty("cases").EnumerateArray().Select(c => c.GetGuid()).ToArray());
        var overdue = Assert.Single(await PublishedAsync("NoticeOverdue", late.Id));
        Assert.Equal(late.Number, overdue.GetProperty("number").GetString());

        // What inspection reads for 宁安 over the period: two notices, one closed on time, one open and overdue; cases by severity.
        var summary = await world.Host.SendAsSystemAsync(new GetComplianceSummary(new OrgUnitId(world.CountyA), from, world.Today));
        Assert.Equal((2, 1, 0, 1, 1), (summary.NoticesIssued, summary.NoticesClosed, summary.NoticesClosedLate, summary.NoticesOpen, summary.NoticesOverdue));
        var serious = summary.Cases.Single(c => c.Severity == CaseSeverity.Serious);
        Assert.Equal((1, 0), (serious.Opened, serious.OpenAtEnd));
        var small = summary.Cases.Single(c => c.Severity == CaseSeverity.Minor);
        Assert.Equal((1, 1), (small.Opened, small.OpenAtEnd));
        Assert.NotEqual(Guid.Empty, minor);
        var sibling = await world.Host.SendAsSystemAsync(new GetComplianceSummary(new OrgUnitId(world.CountyB), from, world.Today));
        Assert.Equal(0, sibling.NoticesIssued + sibling.Cases.Sum(c => c.Opened));
    }

    [Fact]
    public async Task The_home_page_cards_count_notices_to_answer_overdue_notices_open_cases_and_failing_websites()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var before = Cards(await officer.GetStringAsync("/"));
        (await officer.PostAsJsonAsync($"{Api}/cases", new
        {
            unit = world.CountyB, subjectKind = "Website", subject = "东宁市卡片网站", source = "Patrol", severity = "Minor", finding = "首页无备案号。",
        })).EnsureSuccessStatusCode();
        await ComplianceWorld.IssueAsync(officer, world.CountyB, world.Today, "卡片逾期事项");
        var dead = await LocalSite.DeadAddressAsync();
        var site = (await (await officer.PostAsJsonAsync($"{Api}/websites", new
        {
            name = "卡片停运网站", address = dead, icpNumber = "黑ICP备05000010号", protectionLevel = 2, owner = world.CountyB, active = false,
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await officer.PostAsync($"{Api}/websites/{site}/check", null)).EnsureSuccessStatusCode();
        world.Clock.Advance(TimeSpan.FromDays(1));

        officer = await ComplianceWorld.FreshAsync(world.Officer);
        var after = Cards(await officer.GetStringAsync("/"));
        Assert.Equal(before["逾期整改通知书"] + 1, after["逾期整改通知书"]);
        Assert.Equal(before["待处理审核案件"] + 1, after["待处理审核案件"]);
        Assert.Equal(before["检测未通过的网站"] + 1, after["检测未通过的网站"]);
        Assert.Equal(0, after["待办整改通知书"]);   // the city's officer may answer notices, but none was sent to the city

        // 东宁's county admin: the notices its unit received and has not closed (its inbox of notices); an editor issues nothing.
        var countyB = await ComplianceWorld.FreshAsync(world.CountyAdminB);
        Assert.True(Cards(await countyB.GetStringAsync("/"))["待办整改通知书"] >= 1);
        Assert.Contains("卡片逾期事项", await countyB.GetStringAsync("/compliance/notices?filter=Received"));
        Assert.False(Cards(await (await ComplianceWorld.FreshAsync(world.Street)).GetStringAsync("/")).ContainsKey("逾期整改通知书"));
    }

    private static Dictionary<string, int> Cards(string html) =>
        Regex.Matches(html, """<span class="card-title">([^<]+)</span>\s*<span class="card-figure">(\d+)</span>""")
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));

    // The bodies of the notifications of a type the outbox carried for a notice.
    private async Task<List<JsonElement>> PublishedAsync(string type, Guid notice)
    {
        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select body::text from platform.outbox where type like $1", connection)
            { Parameters = { new() { Value = $"%{type}%" } } };
        var found = new List<JsonElement>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var body = JsonDocument.Parse(reader.GetString(0)).RootElement;
            var id = body.EnumerateObject().FirstOrDefault(p => p.Name.Equals("noticeId", StringComparison.OrdinalIgnoreCase)).Value;
            if (id.ValueKind == JsonValueKind.String && id.GetGuid() == notice) found.Add(body);
        }
        return found;
    }
}
