using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Contracts.Compliance;
using NetInfoSuite.Contracts.Kernel;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>审核案件: opened by people and by other modules through the contract (a repeat opens nothing new), evidence
/// checked (an http(s) link, a screenshot by its first bytes), and closed by the notice issued for it.</summary>
public sealed class CaseTests(ComplianceWorld world) : IClassFixture<ComplianceWorld>
{
    private const string Api = "/api/compliance";

    [Fact]
    public async Task Another_module_opens_a_case_through_the_contract_once_per_finding()
    {
        var request = new OpenReviewCase(new OrgUnitId(world.StreetA1), CaseSubjectKind.Account, "宁安发布", CaseSource.AutomaticScan, CaseSeverity.Serious,
            "已发布稿件含敏感词：某词") { SourceModule = "account-matrix", SourceKey = "publication:" + Guid.NewGuid(), EvidenceExcerpt = "……某词……" };

        var first = await world.Host.SendAsSystemAsync(request);
        var again = await world.Host.SendAsSystemAsync(request);
        var other = await world.Host.SendAsSystemAsync(request with { SourceKey = "publication:" + Guid.NewGuid() });

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var view = await officer.GetFromJsonAsync<JsonElement>($"{Api}/cases/{first}");
        Assert.Equal("AutomaticScan", view.GetProperty("source").GetString());
        Assert.Equal("Open", view.GetProperty("status").GetString());
        var page = await officer.GetStringAsync($"/compliance/cases/{first}");
        Assert.Contains("自动检测", page);
        Assert.Contains("新媒体矩阵敏感词检测", page);
    }

    [Fact]
    public async Task A_case_gets_checked_evidence_and_closes_when_its_notice_is_verified()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var street = await ComplianceWorld.FreshAsync(world.Street);
        object Case(string? url) => new
        {
            unit = world.StreetA1, subjectKind = "Website", subject = "宁安一街政务网", source = "Patrol", severity = "Moderate",
            finding = "首页公示栏泄露居民身份证号。", evidenceUrl = url, evidenceExcerpt = "身份证号 2310…",
        };
        var badLink = await officer.PostAsJsonAsync($"{Api}/cases", Case("javascript:alert(1)"));
        var created = await officer.PostAsJsonAsync($"{Api}/cases", Case("https://example.gov.cn/notice"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var notImage = new MultipartFormDataContent { { new ByteArrayContent("GIF89a not allowed"u8.ToArray()), "file", "shot.png" } };
        var refusedShot = await officer.PostAsync($"{Api}/cases/{id}/screenshot", notImage);
        using var image = new MultipartFormDataContent { { new ByteArrayContent(ComplianceWorld.Png), "file", "shot.png" } };
        var shot = await officer.PostAsync($"{Api}/cases/{id}/screenshot", image);

        Assert.Equal(HttpStatusCode.BadRequest, badLink.StatusCode);
        Assert.Contains("evidenceUrl", await badLink.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refusedShot.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shot.StatusCode);
        Assert.Equal("image/png", (await officer.GetAsync($"{Api}/cases/{id}/screenshot")).Content.Headers.ContentType?.MediaType);

        // The form starts from the case; the notice issued for it puts it under rectification, then closes it.
        var form = await officer.GetStringAsync($"/compliance/notices/new?case={id}");
        Assert.Contains("宁安一街政务网", form);
        var issued = await officer.PostAsJsonAsync($"{Api}/notices", new
        {
            recipient = world.StreetA1, subject = "宁安一街政务网", problems = "泄露身份证号", requirements = "删除并自查",
            deadline = world.Today.AddDays(3).ToString("yyyy-MM-dd"), cases = new[] { id },
        });
        var notice = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal("UnderRectification", (await officer.GetFromJsonAsync<JsonElement>($"{Api}/cases/{id}")).GetProperty("status").GetString());
        var dismiss = await officer.PostAsJsonAsync($"{Api}/cases/{id}/dismiss", new { reason = "重复" });
        Assert.Equal(HttpStatusCode.BadRequest, dismiss.StatusCode);
        (await street.PostAsJsonAsync($"{Api}/notices/{notice}/acknowledge", new { })).EnsureSuccessStatusCode();
        (await street.PostAsJsonAsync($"{Api}/notices/{notice}/report", new { report = "已删除" })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync($"{Api}/notices/{notice}/verify", new { })).EnsureSuccessStatusCode();
        var closed = await officer.GetFromJsonAsync<JsonElement>($"{Api}/cases/{id}");
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        Assert.Single(closed.GetProperty("notices").EnumerateArray());
    }

    [Fact]
    public async Task An_open_case_can_be_dismissed_with_a_reason_only()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var id = await world.Host.SendAsSystemAsync(new OpenReviewCase(new OrgUnitId(world.CountyA), CaseSubjectKind.App, "宁安掌上通", CaseSource.PublicReport,
            CaseSeverity.Minor, "群众反映客户端无法打开。"));
        var noReason = await officer.PostAsJsonAsync($"{Api}/cases/{id}/dismiss", new { reason = "" });
        var dismissed = await officer.PostAsJsonAsync($"{Api}/cases/{id}/dismiss", new { reason = "经核实已恢复" });
        var twice = await officer.PostAsJsonAsync($"{Api}/cases/{id}/dismiss", new { reason = "再次" });

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        Assert.Equal("Dismissed", (await dismissed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        var list = await officer.GetStringAsync("/compliance/cases?status=Dismissed");
        Assert.Contains("宁安掌上通", list);
    }
}
