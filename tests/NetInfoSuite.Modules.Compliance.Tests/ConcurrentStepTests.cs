using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>People acting on one notice, campaign or website at the same moment (20 requests at once through the host): a
/// step happens once and the notice's steps and the messages it sends show only the request that won; records added to one
/// campaign or site by several people are all kept, or refused whole with 409 (nothing of theirs stored).</summary>
public sealed class ConcurrentStepTests(ComplianceWorld world) : IClassFixture<ComplianceWorld>
{
    private const string Api = "/api/compliance";

    [Fact]
    public async Task Twenty_signatures_of_one_notice_at_once_sign_it_once()
    {
        var (id, _) = await ComplianceWorld.IssueAsync(await ComplianceWorld.FreshAsync(world.Officer), world.StreetA1, world.Today.AddDays(10), "签收竞争");
        HttpClient[] street = [await ComplianceWorld.FreshAsync(world.Street), (await world.UserAsync(world.StreetA1, "Editor")).Client];

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            street[i % 2].PostAsJsonAsync($"{Api}/notices/{id}/acknowledge", new { note = $"签收{i}" })));

        await SingleWinnerAsync(responses, "只有新下发的通知书可以签收");
        var notice = await street[0].GetFromJsonAsync<JsonElement>($"{Api}/notices/{id}");
        Assert.Equal("Acknowledged", notice.GetProperty("status").GetString());
        Assert.Equal(1, Steps(notice, "Acknowledged"));
    }

    [Fact]
    public async Task Twenty_reports_on_one_notice_at_once_are_taken_once_and_the_issuer_is_told_once()
    {
        var (id, _) = await ComplianceWorld.IssueAsync(await ComplianceWorld.FreshAsync(world.Officer), world.StreetA1, world.Today.AddDays(10), "报告竞争");
        HttpClient[] street = [await ComplianceWorld.FreshAsync(world.Street), (await world.UserAsync(world.StreetA1, "Editor")).Client];
        (await street[0].PostAsJsonAsync($"{Api}/notices/{id}/acknowledge", new { note = "收到" })).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            street[i % 2].PostAsJsonAsync($"{Api}/notices/{id}/report", new { report = $"整改报告{i}" })));

        var won = await SingleWinnerAsync(responses, "整改报告已提交，等待核查");
        var notice = await street[0].GetFromJsonAsync<JsonElement>($"{Api}/notices/{id}");
        Assert.Equal("ReportSubmitted", notice.GetProperty("status").GetString());
        Assert.Equal(1, Steps(notice, "ReportSubmitted"));
        Assert.Equal(LastNote(await won.Content.ReadFromJsonAsync<JsonElement>()), LastNote(notice));
        Assert.Equal(1L, await OutboxCountAsync(id, "notice-report"));
    }

    [Fact]
    public async Task Verifying_and_returning_one_report_at_once_let_one_win_and_only_its_outcome_is_told()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var (id, _) = await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(10), "核查竞争");
        var street = await ComplianceWorld.FreshAsync(world.Street);
        (await street.PostAsJsonAsync($"{Api}/notices/{id}/acknowledge", new { note = "收到" })).EnsureSuccessStatusCode();
        (await street.PostAsJsonAsync($"{Api}/notices/{id}/report", new { report = "已整改" })).EnsureSuccessStatusCode();
        HttpClient[] issuers = [officer, (await world.UserAsync(world.City, "ComplianceOfficer")).Client];

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? issuers[i / 2 % 2].PostAsJsonAsync($"{Api}/notices/{id}/verify", new { note = $"核查通过{i}" })
            : issuers[i / 2 % 2].PostAsJsonAsync($"{Api}/notices/{id}/return", new { reason = $"台账未建立{i}", deadline = world.Today.AddDays(20).ToString("yyyy-MM-dd") })));

        var won = await SingleWinnerAsync(responses, "只有已提交整改报告的通知书可以");
        var outcome = (await won.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
        var notice = await officer.GetFromJsonAsync<JsonElement>($"{Api}/notices/{id}");
        Assert.Equal(outcome, notice.GetProperty("status").GetString());
        Assert.Equal(1, Steps(notice, "Verified") + Steps(notice, "Returned"));
        Assert.Equal(outcome == "Verified" ? (1L, 0L, 1L) : (0L, 1L, 0L),
            (await OutboxCountAsync(id, "notice-closed"), await OutboxCountAsync(id, "notice-returned"), await OutboxCountAsync(id, "NoticeClosed")));
    }

    [Fact]
    public async Task Findings_and_results_recorded_at_once_for_one_campaigns_targets_are_each_kept_or_refused_whole()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var targets = new List<Guid>();
        for (var i = 0; i < 20; i++) targets.Add(await UnitAsync($"2310842{i:D2}", $"竞争街道{i}", "Street", world.CountyA));
        var campaign = await StartCampaignAsync(officer, "并发记录专项", targets);
        var id = campaign.GetProperty("id").GetGuid();
        var item = campaign.GetProperty("checklist")[0].GetProperty("id").GetGuid();
        var deadline = world.Today.AddDays(10).ToString("yyyy-MM-dd");
        HttpClient[] officers = [officer, (await world.UserAsync(world.City, "ComplianceOfficer")).Client];

        // Even targets get a finding (a case and a numbered notice), odd ones a result.
        var responses = await Task.WhenAll(targets.Select((t, i) => i % 2 == 0
            ? officers[i / 2 % 2].PostAsJsonAsync($"{Api}/campaigns/{id}/targets/{t}/findings", new
            {
                unit = t, subjectKind = "Website", subject = $"竞争发现{i}", severity = "Moderate", finding = "首页长期未更新。", requirements = "立即更新。", deadline,
            })
            : officers[i / 2 % 2].PutAsJsonAsync($"{Api}/campaigns/{id}/targets/{t}", new
            {
                answers = new[] { new { item, met = false, note = $"未达标{i}" } }, result = "NonCompliant", note = $"结论{i}",
            })));

        var stored = await officer.GetFromJsonAsync<JsonElement>($"{Api}/campaigns/{id}");
        var cases = stored.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("subject").GetString()).ToHashSet();
        var notices = stored.GetProperty("notices").EnumerateArray().Select(n => n.GetProperty("subject").GetString()).ToHashSet();
        var failures = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var target = stored.GetProperty("targets").EnumerateArray().Single(x => x.GetProperty("id").GetGuid() == targets[i]);
            var kept = i % 2 == 0
                ? cases.Contains($"竞争发现{i}") && notices.Contains($"竞争发现{i}") && target.GetProperty("result").GetString() == "Rectifying"
                : target.GetProperty("result").GetString() == "NonCompliant" && target.GetProperty("note").GetString() == $"结论{i}";
            var status = responses[i].StatusCode;
            if (status is HttpStatusCode.OK or HttpStatusCode.Created && !kept) failures.Add($"target {i}: answered {(int)status} but the campaign lacks it");
            else if (status == HttpStatusCode.Conflict && kept) failures.Add($"target {i}: answered 409 but the campaign has it");
            else if (status is not (HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Conflict))
                failures.Add($"target {i}: answered {(int)status} {await responses[i].Content.ReadAsStringAsync()}");
        }
        Assert.Empty(failures);
        // A refused finding leaves no case and no notice behind.
        var found = responses.Where((r, i) => i % 2 == 0 && r.StatusCode == HttpStatusCode.Created).Count();
        Assert.Equal((found, found), (await RowsAsync("mt_doc_reviewcase", "竞争发现"), await RowsAsync("mt_doc_notice", "竞争发现")));
    }

    [Fact]
    public async Task Campaign_edits_and_results_at_once_lose_no_result_and_keep_a_title_someone_saved()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var targets = new List<Guid>();
        for (var i = 0; i < 10; i++) targets.Add(await UnitAsync($"2310843{i:D2}", $"编辑竞争街道{i}", "Street", world.CountyA));
        var campaign = await StartCampaignAsync(officer, "并发编辑专项", targets);
        var id = campaign.GetProperty("id").GetGuid();
        var item = campaign.GetProperty("checklist")[0].GetProperty("id").GetGuid();
        HttpClient[] officers = [officer, (await world.UserAsync(world.City, "ComplianceOfficer")).Client];

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? officers[i / 2 % 2].PutAsJsonAsync($"{Api}/campaigns/{id}", new
            {
                title = $"并发编辑专项{i}", scope = "排查。", from = world.Today.ToString("yyyy-MM-dd"), to = world.Today.AddDays(60).ToString("yyyy-MM-dd"),
                targets, checklist = new[] { "是否达标" },
            })
            : officers[i / 2 % 2].PutAsJsonAsync($"{Api}/campaigns/{id}/targets/{targets[i / 2]}", new
            {
                answers = new[] { new { item, met = false, note = "" } }, result = "NonCompliant", note = $"结论{i}",
            })));

        var stored = await officer.GetFromJsonAsync<JsonElement>($"{Api}/campaigns/{id}");
        var failures = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var status = responses[i].StatusCode;
            if (status is not (HttpStatusCode.OK or HttpStatusCode.Conflict))
                failures.Add($"request {i}: answered {(int)status} {await responses[i].Content.ReadAsStringAsync()}");
            if (i % 2 == 0) continue;
            var target = stored.GetProperty("targets").EnumerateArray().Single(x => x.GetProperty("id").GetGuid() == targets[i / 2]);
            var kept = target.GetProperty("note").GetString() == $"结论{i}";
            if (status == HttpStatusCode.OK != kept) failures.Add($"result {i}: answered {(int)status}, kept {kept}");
        }
        Assert.Empty(failures);
        // The title is the last one saved (as it was, when every edit was refused).
        var saved = Enumerable.Range(0, 20).Where(i => i % 2 == 0 && responses[i].StatusCode == HttpStatusCode.OK).Select(i => $"并发编辑专项{i}").ToList();
        Assert.Contains(stored.GetProperty("title").GetString(), saved.Count == 0 ? ["并发编辑专项"] : saved);
    }

    [Fact]
    public async Task A_websites_edits_and_checks_at_once_lose_no_check_and_keep_a_contact_someone_saved()
    {
        await using var site = await LocalSite.StartAsync("<html><body>宁安市人民政府 黑ICP备05000001号-1</body></html>");
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var registered = await officer.PostAsJsonAsync($"{Api}/websites", new
        {
            name = "竞争网站", address = site.Address, icpNumber = "黑ICP备05000001号-1", protectionLevel = 2, hosting = "市电子政务云", owner = world.CountyA, contact = "张三",
        });
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        HttpClient[] officers = [officer, (await world.UserAsync(world.City, "ComplianceOfficer")).Client];

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? officers[i / 2 % 2].PutAsJsonAsync($"{Api}/websites/{id}", new
            {
                name = "竞争网站", address = site.Address, icpNumber = "黑ICP备05000001号-1", protectionLevel = 2, hosting = "市电子政务云", owner = world.CountyA,
                contact = $"联系人{i}",
            })
            : officers[i / 2 % 2].PostAsync($"{Api}/websites/{id}/check", null)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)r.StatusCode}"));
        var stored = await officer.GetFromJsonAsync<JsonElement>($"{Api}/websites/{id}");
        Assert.Equal(responses.Where((r, i) => i % 2 == 1 && r.StatusCode == HttpStatusCode.OK).Count(), stored.GetProperty("history").GetArrayLength());
        var saved = Enumerable.Range(0, 20).Where(i => i % 2 == 0 && responses[i].StatusCode == HttpStatusCode.OK).Select(i => $"联系人{i}").ToList();
        Assert.Contains(stored.GetProperty("contact").GetString(), saved.Count == 0 ? ["张三"] : saved);
    }

    /// <summary>Exactly one request succeeded; each other was refused with 409, or with 400 saying (in Chinese) why.</summary>
    private static async Task<HttpResponseMessage> SingleWinnerAsync(HttpResponseMessage[] responses, string refusal)
    {
        var others = new List<string>();
        foreach (var r in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var body = await r.Content.ReadAsStringAsync();
            if (!(r.StatusCode == HttpStatusCode.Conflict && body.Contains("记录已被他人同时修改") || r.StatusCode == HttpStatusCode.BadRequest && body.Contains(refusal)))
                others.Add($"{(int)r.StatusCode} {body}");
        }
        Assert.Empty(others);
        return Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
    }

    private async Task<JsonElement> StartCampaignAsync(HttpClient officer, string title, IReadOnlyList<Guid> targets)
    {
        var response = await officer.PostAsJsonAsync($"{Api}/campaigns", new
        {
            title, scope = "排查。", from = world.Today.ToString("yyyy-MM-dd"), to = world.Today.AddDays(60).ToString("yyyy-MM-dd"), targets, checklist = new[] { "是否达标" },
        });
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<Guid> UnitAsync(string code, string name, string level, Guid parentId)
    {
        await world.Host.Client.SignInAsync("admin", NetInfoSuite.Testing.TestHost.AdminPassword);
        var response = await world.Host.Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static int Steps(JsonElement notice, string to) => notice.GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("to").GetString() == to);

    private static string? LastNote(JsonElement notice) => notice.GetProperty("steps").EnumerateArray().Last().GetProperty("note").GetString();

    /// <summary>Messages committed for the outbox about the notice, whose body names this kind (or type).</summary>
    private async Task<long> OutboxCountAsync(Guid notice, string kind)
    {
        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand(
            "select count(*) from platform.outbox where body::text like '%' || $1 || '%' and (body::text like '%\"' || $2 || '\"%' or type like '%.' || $2)",
            connection) { Parameters = { new() { Value = notice.ToString() }, new() { Value = kind } } };
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Documents of the compliance schema whose data mentions the text.</summary>
    private async Task<long> RowsAsync(string table, string text)
    {
        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand($"select count(*) from compliance.{table} where data::text like '%' || $1 || '%'", connection)
            { Parameters = { new() { Value = text } } };
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
