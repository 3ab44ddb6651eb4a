using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>Many people acting on one selection campaign at the same moment: nominations and objections are each kept (and
/// told) or refused with 409, and a stage moves once, its hand-over told once.</summary>
public sealed class SelectionRaceTests(SelectionWorld world) : IClassFixture<SelectionWorld>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Guid> ProfileAsync(HttpClient client, string alias) =>
        (await SelectionWorld.Json(await client.PostAsJsonAsync($"{Api}/profiles", new
        {
            alias, field = "SelfMedia", unitId = world.Ningan, consent = "Consented", consentOn = "2026-11-01",
            platforms = new[] { new { platform = "Douyin", handle = alias + "_dy", followers = 20_000 } },
        }, Ct))).GetProperty("id").GetGuid();

    /// <summary>A campaign of 宁安市 in nomination, voting today only, the county administrator its juror.</summary>
    private async Task<Guid> CampaignAsync(HttpClient county, string juror) =>
        (await SelectionWorld.Json(await county.PostAsJsonAsync($"{Api}/selections", new
        {
            name = "并发评选" + Guid.NewGuid().ToString("N")[..6], honourTitle = "宁安市最美好网民", unitId = world.Ningan, jurors = new[] { juror },
            voteFrom = world.Today.ToString("yyyy-MM-dd"), voteTo = world.Today.ToString("yyyy-MM-dd"), winners = 1,
        }, Ct))).GetProperty("id").GetGuid();

    private async Task<JsonElement> ViewAsync(HttpClient county, Guid id) => await SelectionWorld.Json(await county.GetAsync($"{Api}/selections/{id}", Ct));

    private Task<List<string>> ToldAsync(Guid id, string kind) => TextsAsync(world.Host.ConnectionString,
        "select id::text from platform.outbox where body->>'kind' = $1 and body->>'link' = $2", kind, $"/netizen-registry/selections/{id}");

    [Fact]
    public async Task Twenty_nominations_to_one_campaign_at_once_are_each_kept_or_refused_whole()
    {
        var county = await world.UserAsync(world.Ningan, "CountyAdmin");
        var editor = await world.UserAsync(world.Ningan, "Editor");
        var id = await CampaignAsync(county.Client, county.Login);
        var profiles = new List<Guid>();
        for (var i = 0; i < 20; i++) profiles.Add(await ProfileAsync(editor.Client, $"并发推荐{i}-" + Guid.NewGuid().ToString("N")[..4]));

        var answers = await Task.WhenAll(profiles.Select(p =>
            editor.Client.PostAsJsonAsync($"{Api}/selections/{id}/nominations", new { profileId = p, reason = "长期传播正能量" }, Ct)));

        var stored = (await ViewAsync(county.Client, id)).GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("profileId").GetGuid().ToString()).ToList();
        await KeptOrRefusedWholeAsync(profiles.Select(p => p.ToString()).ToList(), answers, stored);
    }

    [Fact]
    public async Task A_stage_moved_twenty_times_at_once_moves_once_and_asks_the_jurors_once()
    {
        var county = await world.UserAsync(world.Ningan, "CountyAdmin");
        var editor = await world.UserAsync(world.Ningan, "Editor");
        var id = await CampaignAsync(county.Client, county.Login);
        await SelectionWorld.Json(await editor.Client.PostAsJsonAsync($"{Api}/selections/{id}/nominations",
            new { profileId = await ProfileAsync(editor.Client, "并发阶段" + Guid.NewGuid().ToString("N")[..4]), reason = "长期传播正能量" }, Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Qualification" }, Ct));
        var candidate = (await ViewAsync(county.Client, id)).GetProperty("candidates")[0].GetProperty("id").GetGuid();
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/reviews", new { candidateId = candidate, qualified = true, note = "符合条件" }, Ct));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Scoring" }, Ct)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK)) await ExportRaceTests.RefusedAsync(refused, "只能进入下一阶段");
        var view = await ViewAsync(county.Client, id);
        Assert.Equal("Scoring", view.GetProperty("stage").GetString());
        Assert.Single(view.GetProperty("history").EnumerateArray(), h => h.GetProperty("to").GetString() == "Scoring");
        Assert.Single(await ToldAsync(id, "netizen-registry.selection-scoring"));
    }

    [Fact]
    public async Task Twenty_objections_lodged_at_once_are_each_kept_and_told_or_refused_whole()
    {
        var county = await world.UserAsync(world.Ningan, "CountyAdmin");
        var editor = await world.UserAsync(world.Ningan, "Editor");
        var id = await CampaignAsync(county.Client, county.Login);
        await SelectionWorld.Json(await editor.Client.PostAsJsonAsync($"{Api}/selections/{id}/nominations",
            new { profileId = await ProfileAsync(editor.Client, "并发异议" + Guid.NewGuid().ToString("N")[..4]), reason = "长期传播正能量" }, Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Qualification" }, Ct));
        var candidate = (await ViewAsync(county.Client, id)).GetProperty("candidates")[0].GetProperty("id").GetGuid();
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/reviews", new { candidateId = candidate, qualified = true, note = "符合条件" }, Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Scoring" }, Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/scores", new { candidateId = candidate, score = 90 }, Ct));
        world.Clock.Advance(TimeSpan.FromDays(1));
        county = (await SelectionWorld.Fresh(county), county.Login);
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage",
            new { to = "Publicity", publicityUntil = world.Today.AddDays(5).ToString("yyyy-MM-dd") }, Ct));
        var objectors = new List<HttpClient>();
        for (var i = 0; i < 4; i++) objectors.Add((await world.UserAsync(i % 2 == 0 ? world.Ningan : world.Dongning, "Editor")).Client);
        var texts = Enumerable.Range(0, 20).Select(i => $"并发异议内容{i}：该候选人曾发布不实信息").ToList();

        var answers = await Task.WhenAll(texts.Select((text, i) =>
            objectors[i % 4].PostAsJsonAsync($"{Api}/selections/{id}/objections", new { candidateId = candidate, text }, Ct)));

        var stored = (await ViewAsync(county.Client, id)).GetProperty("objections").EnumerateArray().Select(o => o.GetProperty("text").GetString()!).ToList();
        await KeptOrRefusedWholeAsync(texts, answers, stored);
        Assert.Equal(stored.Count, (await ToldAsync(id, "netizen-registry.selection-objection")).Count);
    }

    [Fact]
    public async Task A_result_announced_while_officers_edit_the_winners_profile_keeps_the_honour_and_the_edits()
    {
        var county = await world.UserAsync(world.Ningan, "CountyAdmin");
        var editor = await world.UserAsync(world.Ningan, "Editor");
        var id = await CampaignAsync(county.Client, county.Login);
        var winner = await ProfileAsync(editor.Client, "并发公布" + Guid.NewGuid().ToString("N")[..4]);
        await SelectionWorld.Json(await editor.Client.PostAsJsonAsync($"{Api}/selections/{id}/nominations", new { profileId = winner, reason = "长期传播正能量" }, Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Qualification" }, Ct));
        var candidate = (await ViewAsync(county.Client, id)).GetProperty("candidates")[0].GetProperty("id").GetGuid();
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/reviews", new { candidateId = candidate, qualified = true, note = "符合条件" }, Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Scoring" }, Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/scores", new { candidateId = candidate, score = 90 }, Ct));
        world.Clock.Advance(TimeSpan.FromDays(1));
        county = (await SelectionWorld.Fresh(county), county.Login);
        editor = (await SelectionWorld.Fresh(editor), editor.Login);
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage",
            new { to = "Publicity", publicityUntil = world.Today.AddDays(1).ToString("yyyy-MM-dd") }, Ct));
        world.Clock.Advance(TimeSpan.FromDays(2));
        county = (await SelectionWorld.Fresh(county), county.Login);
        editor = (await SelectionWorld.Fresh(editor), editor.Login);
        var titles = Enumerable.Range(0, 9).Select(i => $"并发公布荣誉{i}").ToList();

        // The announcement (which adds the campaign's honour to the winner's profile), an officer's edit of the profile, a
        // membership and nine other honours, all at once.
        var answers = await Task.WhenAll(new[]
            {
                county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Announced" }, Ct),
                editor.Client.PutAsJsonAsync($"{Api}/profiles/{winner}", new
                {
                    alias = "公布改名", field = "SelfMedia", unitId = world.Ningan, consent = "Consented", consentOn = "2026-11-01", tags = new[] { "并发" },
                }, Ct),
                editor.Client.PutAsJsonAsync($"{Api}/profiles/{winner}/association", new { role = "会员", since = "2026-01-01" }, Ct),
            }
            .Concat(titles.Select(t => editor.Client.PostAsJsonAsync($"{Api}/profiles/{winner}/honours",
                new { title = t, level = "County", issuer = "宁安市委网信办", awardedOn = world.Today.ToString("yyyy-MM-dd") }, Ct))));

        foreach (var answer in answers) Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(Ct)}");
        var profile = await SelectionWorld.Json(await editor.Client.GetAsync($"{Api}/profiles/{winner}", Ct));
        Assert.Equal(titles.Append("宁安市最美好网民").Order(), profile.GetProperty("honours").EnumerateArray().Select(h => h.GetProperty("title").GetString()!).Order());
        Assert.Equal("公布改名", profile.GetProperty("alias").GetString());
        Assert.Equal("会员", profile.GetProperty("association").GetProperty("role").GetString());
    }

    /// <summary>Each item whose request answered 200 is stored once; each other answered 409 and is not stored; nothing else is.</summary>
    private static async Task KeptOrRefusedWholeAsync(IReadOnlyList<string> items, IReadOnlyList<HttpResponseMessage> answers, IReadOnlyList<string> stored)
    {
        var failures = new List<string>();
        foreach (var (item, answer) in items.Zip(answers))
        {
            var count = stored.Count(s => s == item);
            if (answer.StatusCode == HttpStatusCode.OK) { if (count != 1) failures.Add($"{item}: answered 200 but is stored {count} times"); }
            else if (answer.StatusCode != HttpStatusCode.Conflict) failures.Add($"{item}: answered {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            else if (count != 0) failures.Add($"{item}: answered 409 but is stored");
        }
        failures.AddRange(stored.Where(s => !items.Contains(s)).Select(s => $"{s}: stored but never sent"));
        Assert.True(failures.Count == 0, $"{answers.Count(a => a.StatusCode == HttpStatusCode.OK)} answered 200, {stored.Count} stored:\n" + string.Join("\n", failures));
    }

    private static async Task<List<string>> TextsAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var p in parameters) cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = p });
        var found = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add(reader.GetString(0));
        return found;
    }
}
