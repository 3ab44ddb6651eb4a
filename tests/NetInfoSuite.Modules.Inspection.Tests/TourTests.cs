using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>巡察 with compliance deployed: a finding becomes a compliance review case and a rectification notice through
/// the contracts.</summary>
public sealed class TourTests(InspectionWorld world) : IClassFixture<InspectionWorld>
{
    [Fact]
    public async Task A_finding_becomes_a_compliance_review_case_and_a_rectification_notice_to_the_responsible_unit()
    {
        var inspector = await FreshAsync(world.Inspector);
        var tour = await TourSteps.CreateAsync(inspector, "2026年网络意识形态工作责任制巡察", world.CountyA, world.CountyB);
        await Ok(inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/visits", new { date = "2026-05-28", place = "宁安市委网信办", peopleMet = "分管副部长、网信办主任" }));

        var view = await Ok(inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings", new
        {
            problem = "意识形态工作责任制落实台账缺失", severity = "Serious", unit = world.CountyA, deadline = "2026-06-30", evidence = "https://example.org/a",
        }));
        var finding = view.GetProperty("findings")[0];
        var caseId = finding.GetProperty("case").GetGuid();

        var opened = await Ok(inspector.GetAsync($"/api/compliance/cases/{caseId}"));
        Assert.Equal("Inspection", opened.GetProperty("source").GetString());
        Assert.Equal("inspection", opened.GetProperty("sourceModule").GetString());
        Assert.Equal("Serious", opened.GetProperty("severity").GetString());
        Assert.Equal("宁安市", opened.GetProperty("unitName").GetString());
        Assert.Contains("意识形态工作责任制落实台账缺失", opened.GetProperty("finding").GetString());
        Assert.Equal("UnderRectification", opened.GetProperty("status").GetString());

        // The notice: numbered by compliance, to the responsible unit, due by the finding's deadline, for that case.
        var noticeId = finding.GetProperty("notice").GetGuid();
        var notice = await Ok(inspector.GetAsync($"/api/compliance/notices/{noticeId}"));
        Assert.Equal(finding.GetProperty("noticeNumber").GetString(), notice.GetProperty("number").GetString());
        Assert.Equal(world.CountyA, notice.GetProperty("recipient").GetGuid());
        Assert.Equal("2026-06-30", notice.GetProperty("deadline").GetString());
        Assert.Contains("意识形态工作责任制落实台账缺失", notice.GetProperty("problems").GetString());
        Assert.Equal(caseId, Assert.Single(notice.GetProperty("cases").EnumerateArray()).GetProperty("id").GetGuid());
        // The responsible unit is told in its inbox, and the tour page links the notice by its number.
        await world.Host.OutboxDeliveredAsync();
        var inbox = await Ok((await FreshAsync(world.CountyAdminA)).GetAsync("/api/notifications?pageSize=200"));
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("link").GetString() == $"/compliance/notices/{noticeId}");
        var page = await inspector.GetStringAsync($"/inspection/tours/{tour}");
        Assert.Contains($"已下发整改通知书 {notice.GetProperty("number").GetString()}", page);
        // A deadline already past cannot be a rectification deadline, and opens nothing.
        var late = await inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings",
            new { problem = "过期", severity = "Minor", unit = world.CountyA, deadline = world.Today.AddDays(-1).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("deadline", await late.Content.ReadAsStringAsync());
        // Compliance tracks it now: the module does not close it itself.
        var close = await inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings/{finding.GetProperty("id").GetGuid()}/close", new { note = "已整改" });
        Assert.Equal(HttpStatusCode.BadRequest, close.StatusCode);
        // A unit that is not one of the tour's targets cannot be made responsible.
        var outside = await inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings",
            new { problem = "x", severity = "Minor", unit = world.StreetA1, deadline = "2026-06-30" });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Single((await Ok(inspector.GetAsync($"/api/inspection/tours/{tour}"))).GetProperty("findings").EnumerateArray());
    }
}

/// <summary>巡察 without compliance: a finding is the module's own rectification item, overdue after its deadline and
/// closed with what was done.</summary>
public sealed class TourWithoutComplianceTests(InspectionAloneWorld world) : IClassFixture<InspectionAloneWorld>
{
    [Fact]
    public async Task A_finding_is_the_modules_own_item_tracked_to_closure()
    {
        var inspector = await FreshAsync(world.Inspector);
        var tour = await TourSteps.CreateAsync(inspector, "东宁市巡察", world.CountyB);
        var view = await Ok(inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings", new
        {
            problem = "政务新媒体账号管理制度未建立", severity = "Moderate", unit = world.CountyB, deadline = world.Today.ToString("yyyy-MM-dd"),
        }));
        var finding = view.GetProperty("findings")[0];
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("case").ValueKind);
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("notice").ValueKind);
        Assert.False(finding.GetProperty("overdue").GetBoolean());
        world.Clock.Advance(TimeSpan.FromDays(1)); // overdue from the day after its deadline
        inspector = await FreshAsync(world.Inspector); // a day later the old token has expired
        finding = (await Ok(inspector.GetAsync($"/api/inspection/tours/{tour}"))).GetProperty("findings")[0];
        Assert.True(finding.GetProperty("overdue").GetBoolean());
        var page = await inspector.GetStringAsync($"/inspection/tours/{tour}");
        Assert.Contains("逾期未整改", page);

        var id = finding.GetProperty("id").GetGuid();
        var noNote = await inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings/{id}/close", new { note = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        var closed = (await Ok(inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings/{id}/close", new { note = "已印发管理制度" })))
            .GetProperty("findings")[0];
        Assert.True(closed.GetProperty("rectified").GetBoolean());
        Assert.False(closed.GetProperty("overdue").GetBoolean());
        Assert.Equal("已印发管理制度", closed.GetProperty("rectifiedNote").GetString());
        Assert.Equal(HttpStatusCode.BadRequest,
            (await inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings/{id}/close", new { note = "再次" })).StatusCode);
    }

    [Fact]
    public async Task An_overdue_finding_is_told_once_to_the_responsible_unit_and_the_inspector_however_many_runs_race()
    {
        var inspector = await FreshAsync(world.Inspector);
        var tour = await TourSteps.CreateAsync(inspector, "东宁逾期巡察", world.CountyB);
        await Ok(inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings", new
        {
            problem = "政府网站首页长期未更新", severity = "Minor", unit = world.CountyB, deadline = world.Today.ToString("yyyy-MM-dd"),
        }));
        async Task<int> RunAsync(HttpClient client) =>
            (await Ok(client.PostAsync("/api/inspection/tours/remind-overdue", null))).GetProperty("reminded").GetInt32();
        Assert.Equal(0, await RunAsync(inspector)); // due today: not overdue yet

        world.Clock.Advance(TimeSpan.FromDays(1));
        inspector = await FreshAsync(world.Inspector);
        var told = (await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RunAsync(inspector)))).Sum();
        await world.Host.OutboxDeliveredAsync();

        // Once, whichever run (or the host's own every minute) claimed it.
        Assert.InRange(told, 0, 1);
        static async Task<List<JsonElement>> Overdue((HttpClient Client, string Login) user) =>
            (await Ok((await FreshAsync(user)).GetAsync("/api/notifications?pageSize=200"))).GetProperty("items").EnumerateArray()
                .Where(n => n.GetProperty("kind").GetString() == "inspection-finding-overdue" && n.GetRawText().Contains("政府网站首页长期未更新")).ToList();
        Assert.Single(await Overdue(world.CountyAdminB));
        var own = Assert.Single(await Overdue(world.Inspector));
        Assert.Equal($"/inspection/tours/{tour}", own.GetProperty("link").GetString());
        Assert.Equal(0, await RunAsync(await FreshAsync(world.Inspector)));
    }
}

internal static class TourSteps
{
    public static async Task<Guid> CreateAsync(HttpClient inspector, string name, params Guid[] targets) =>
        (await Ok(inspector.PostAsJsonAsync("/api/inspection/tours", new
        {
            name, from = "2026-05-25", to = "2026-06-10", lead = "王组长", members = new[] { "李组员", "赵组员" }, targets,
            keyPoints = new[] { "网络意识形态工作责任制落实情况", "政务新媒体管理情况" },
        }))).GetProperty("id").GetGuid();
}
