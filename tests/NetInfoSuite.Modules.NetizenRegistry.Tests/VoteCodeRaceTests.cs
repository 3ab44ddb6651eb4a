using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>One voting code confirmed by many requests at the same moment: parallel guesses do not share an attempt (at most
/// five are ever judged), and the right code gives one token.</summary>
public sealed class VoteCodeRaceTests(SelectionWorld world) : IClassFixture<SelectionWorld>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A campaign of 宁安市 in voting from today, with one qualified candidate.</summary>
    private async Task<Guid> VotingAsync()
    {
        var county = await world.UserAsync(world.Ningan, "CountyAdmin");
        var other = await world.UserAsync(world.Ningan, "Editor");
        var profile = (await SelectionWorld.Json(await other.Client.PostAsJsonAsync($"{Api}/profiles", new
        {
            alias = "并发验证" + Guid.NewGuid().ToString("N")[..4], field = "SelfMedia", unitId = world.Ningan, consent = "Consented", consentOn = "2026-11-01",
            platforms = new[] { new { platform = "Douyin", handle = "race_dy", followers = 20_000 } },
        }, Ct))).GetProperty("id").GetGuid();
        var today = world.Today;
        var id = (await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections", new
        {
            name = "并发验证码评选" + Guid.NewGuid().ToString("N")[..4], honourTitle = "宁安市最美好网民", unitId = world.Ningan, jurors = new[] { county.Login },
            voteFrom = today.ToString("yyyy-MM-dd"), voteTo = today.AddDays(2).ToString("yyyy-MM-dd"), winners = 1,
        }, Ct))).GetProperty("id").GetGuid();
        await SelectionWorld.Json(await other.Client.PostAsJsonAsync($"{Api}/selections/{id}/nominations", new { profileId = profile, reason = "长期传播正能量" }, Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Qualification" }, Ct));
        var candidate = (await SelectionWorld.Json(await county.Client.GetAsync($"{Api}/selections/{id}", Ct))).GetProperty("candidates")[0].GetProperty("id").GetGuid();
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/reviews", new { candidateId = candidate, qualified = true, note = "符合条件" }, Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Scoring" }, Ct));
        return id;
    }

    private async Task<(int Attempts, bool Token)> StoredAsync(Guid request)
    {
        await using var connection = new NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("select (data->>'attempts')::int, data->>'tokenHash' is not null from netizen_registry.mt_doc_votecode where id = $1", connection)
            { Parameters = { new() { Value = request } } };
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return (reader.GetInt32(0), reader.GetBoolean(1));
    }

    [Fact]
    public async Task Twenty_wrong_guesses_at_once_each_count_an_attempt_and_no_more_than_five_are_judged()
    {
        var id = await VotingAsync();
        var mobile = world.NewMobile();
        var request = (await SelectionWorld.Json(await world.Host.NewClient().PostAsJsonAsync($"{Api}/vote/{id}/code", new { mobile }, Ct))).GetProperty("requestId").GetGuid();
        var wrong = await world.CodeForAsync(mobile) == "000000" ? "000001" : "000000";

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            world.Host.NewClient().PostAsJsonAsync($"{Api}/vote/{id}/confirm", new { requestId = request, code = wrong }, Ct)));

        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync(Ct)));
        var judged = answers.Zip(bodies).Count(x => x.First.StatusCode == HttpStatusCode.BadRequest && x.Second.Contains("验证码不正确"));
        Assert.All(answers.Zip(bodies), x => Assert.True(x.First.StatusCode == HttpStatusCode.Conflict
            || x.First.StatusCode == HttpStatusCode.BadRequest && (x.Second.Contains("验证码不正确") || x.Second.Contains("验证码已失效")), $"{(int)x.First.StatusCode} {x.Second}"));
        var (attempts, token) = await StoredAsync(request);
        Assert.Equal(judged, attempts);
        Assert.InRange(judged, 1, 5);
        Assert.False(token);
    }

    [Fact]
    public async Task Twenty_codes_asked_for_one_number_at_once_send_five_and_refuse_the_rest()
    {
        var id = await VotingAsync();
        var mobile = world.NewMobile();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            world.Host.NewClient().PostAsJsonAsync($"{Api}/vote/{id}/code", new { mobile }, Ct)));

        Assert.Equal(PublicVotingLimits.CodesPerDay, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("获取验证码的次数过多", await refused.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(PublicVotingLimits.CodesPerDay, await CodesStoredAsync(id));
    }

    private async Task<int> CodesStoredAsync(Guid selection)
    {
        await using var connection = new NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("select count(*)::int from netizen_registry.mt_doc_votecode where data->>'selectionId' = $1", connection)
            { Parameters = { new() { Value = selection.ToString() } } };
        return (int)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task The_right_code_confirmed_twenty_times_at_once_gives_one_token()
    {
        var id = await VotingAsync();
        var mobile = world.NewMobile();
        var request = (await SelectionWorld.Json(await world.Host.NewClient().PostAsJsonAsync($"{Api}/vote/{id}/code", new { mobile }, Ct))).GetProperty("requestId").GetGuid();
        var code = await world.CodeForAsync(mobile);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            world.Host.NewClient().PostAsJsonAsync($"{Api}/vote/{id}/confirm", new { requestId = request, code }, Ct)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK)) await ExportRaceTests.RefusedAsync(refused, "验证码已失效");
        Assert.Equal((1, true), await StoredAsync(request));
    }
}

/// <summary>PublicVoting.CodesPerDay, as the module has it (the test cannot see the plugin's types).</summary>
internal static class PublicVotingLimits
{
    public const int CodesPerDay = 5;
}
