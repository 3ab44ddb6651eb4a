using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using NetInfoSuite.Testing;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>A host with the registry on a fake clock (Beijing 2026-12-01 10:00) whose log goes to a file the tests read
/// one-time codes from (the log channel), with the voting limit per address raised (every test request comes from one
/// address); 牡丹江市 → 宁安市 (→ 镜泊镇) and 东宁市.</summary>
public sealed class SelectionWorld(PostgresServer postgres) : IAsyncLifetime
{
    public const string Password = "User#Pass-2026";
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
    public string LogFile { get; } = Path.Combine(Path.GetTempPath(), $"netinfo-selection-{Guid.NewGuid():N}.log");
    public TestHost Host { get; private set; } = null!;
    public Guid City, Ningan, Jingpo, Dongning;
    private int _mobiles;

    public async ValueTask InitializeAsync()
    {
        Host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(), PluginFolder.With("directory", "netizen-registry"), Clock,
            ("NetizenRegistry:Voting:PerAddressPerMinute", "1000000"),
            ("Serilog:Using:0", "Serilog.Sinks.File"),
            ("Serilog:WriteTo:0:Name", "File"), ("Serilog:WriteTo:0:Args:path", LogFile),
            ("Serilog:MinimumLevel:Override:NetInfoSuite.Host.Shell.LogNotificationChannel", "Information"));
        City = await UnitAsync("231000", "牡丹江市", "City", null);
        Ningan = await UnitAsync("231084", "宁安市", "County", City);
        Jingpo = await UnitAsync("231084101", "镜泊镇", "Street", Ningan);
        Dongning = await UnitAsync("231086", "东宁市", "County", City);
    }

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().AddHours(8).DateTime);

    public async Task<Guid> UnitAsync(string code, string name, string level, Guid? parentId)
    {
        var response = await Host.Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A new user of the unit with these roles: its login and a signed-in client.</summary>
    public async Task<(HttpClient Client, string Login)> UserAsync(Guid unit, params string[] roles)
    {
        await Host.Client.SignInAsync("admin", TestHost.AdminPassword);
        var client = await Host.ClientForAsync(unit, roles);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        return (client, me.GetProperty("login").GetString()!);
    }

    /// <summary>Signs the user in again (the fake clock ages sign-ins).</summary>
    public static async Task<HttpClient> Fresh((HttpClient Client, string Login) user)
    {
        await user.Client.SignInAsync(user.Login, Password);
        return user.Client;
    }

    /// <summary>A mobile number no other test of this host uses, whose masked form (139****nnnn) is unique too.</summary>
    public string NewMobile() => $"1391234{Interlocked.Increment(ref _mobiles):D4}";

    /// <summary>The last one-time code the log channel wrote for this number (shown masked in the log). The file sink
    /// writes after the request has answered: the log is read again until the line is there (5 s at most).</summary>
    public async Task<string> CodeForAsync(string mobile)
    {
        var masked = Regex.Escape(mobile[..3] + "****" + mobile[^4..]);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            await using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var found = Regex.Matches(await new StreamReader(stream).ReadToEndAsync(), $@"for {masked}: .*?投票验证码 (\d{{6}})");
            if (found.Count > 0) return found[^1].Groups[1].Value;
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"no code for {mobile} in the log");
            await Task.Delay(20); // the sink flushes within milliseconds; poll, do not block a thread
        }
    }

    /// <summary>Asks for a code, reads it from the log, confirms it: the voter's token.</summary>
    public async Task<string> VoterAsync(HttpClient anonymous, Guid selection, string mobile)
    {
        var sent = await Json(await anonymous.PostAsJsonAsync($"{Api}/vote/{selection}/code", new { mobile }));
        var code = await CodeForAsync(mobile);
        var token = await Json(await anonymous.PostAsJsonAsync($"{Api}/vote/{selection}/confirm", new { requestId = sent.GetProperty("requestId").GetGuid(), code }));
        return token.GetProperty("token").GetString()!;
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        File.Delete(LogFile);
    }
}

/// <summary>Selection campaigns (最美好网民评选): stages in order, four eyes on qualification, a juror's single score,
/// public voting by a confirmed mobile number, objections answered before the announcement, honours for the winners.
/// The tests share one host whose clock only moves forward, so each starts its own campaign on the day it finds.</summary>
public sealed class SelectionTests(SelectionWorld world) : IClassFixture<SelectionWorld>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Guid> ProfileAsync(HttpClient client, Guid unit, string alias)
    {
        var response = await client.PostAsJsonAsync($"{Api}/profiles", new
        {
            alias, field = "SelfMedia", unitId = unit, consent = "Consented", consentOn = "2026-11-01",
            platforms = new[] { new { platform = "Douyin", handle = alias + "_dy", followers = 20_000 } },
        }, Ct);
        return (await SelectionWorld.Json(response)).GetProperty("id").GetGuid();
    }

    /// <summary>A campaign of 宁安市 with the two jurors, voting from today for <paramref name="days"/> days, moved to
    /// scoring with the given personalities qualified (nominated by <paramref name="nominator"/>, reviewed by <paramref name="reviewer"/>).</summary>
    private async Task<(Guid Id, Guid[] Candidates)> ScoringAsync(HttpClient nominator, HttpClient reviewer, string[] jurors, Guid[] profiles, int days = 3, int winners = 1)
    {
        var today = world.Today;
        var created = await SelectionWorld.Json(await reviewer.PostAsJsonAsync($"{Api}/selections", new
        {
            name = "宁安市最美好网民评选" + Guid.NewGuid().ToString("N")[..4], honourTitle = "宁安市最美好网民", unitId = world.Ningan, jurors,
            voteFrom = today.ToString("yyyy-MM-dd"), voteTo = today.AddDays(days - 1).ToString("yyyy-MM-dd"), winners,
        }, Ct));
        var id = created.GetProperty("id").GetGuid();
        foreach (var p in profiles)
            await SelectionWorld.Json(await nominator.PostAsJsonAsync($"{Api}/selections/{id}/nominations", new { profileId = p, reason = "长期传播正能量，宣传镜泊湖冬捕" }, Ct));
        await SelectionWorld.Json(await reviewer.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Qualification" }, Ct));
        var view = await SelectionWorld.Json(await reviewer.GetAsync($"{Api}/selections/{id}", Ct));
        var candidates = view.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToArray();
        foreach (var c in candidates)
            await SelectionWorld.Json(await reviewer.PostAsJsonAsync($"{Api}/selections/{id}/reviews", new { candidateId = c, qualified = true, note = "符合条件" }, Ct));
        await SelectionWorld.Json(await reviewer.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Scoring" }, Ct));
        return (id, candidates);
    }

    [Fact]
    public async Task A_campaign_passes_every_stage_in_order_and_its_winner_gets_the_honour_at_the_campaigns_level()
    {
        var street = await world.UserAsync(world.Jingpo, "Editor");
        var county = await world.UserAsync(world.Ningan, "CountyAdmin");
        var juror1 = await world.UserAsync(world.Ningan, "Editor");
        var juror2 = await world.UserAsync(world.City, "Editor");
        var outsider = await world.UserAsync(world.Dongning, "Editor");
        var reviewer = await world.UserAsync(world.Ningan, "RegistryOfficer");
        var a = await ProfileAsync(street.Client, world.Jingpo, "镜泊达人" + Guid.NewGuid().ToString("N")[..4]);
        var b = await ProfileAsync(county.Client, world.Ningan, "宁安之声" + Guid.NewGuid().ToString("N")[..4]);
        var other = await ProfileAsync(outsider.Client, world.Dongning, "东宁网友" + Guid.NewGuid().ToString("N")[..4]);
        var today = world.Today;
        var created = await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections", new
        {
            name = "2026年度宁安市最美好网民评选", honourTitle = "2026年度宁安市最美好网民", unitId = world.Ningan, jurors = new[] { juror1.Login, juror2.Login },
            voteFrom = today.ToString("yyyy-MM-dd"), voteTo = today.AddDays(2).ToString("yyyy-MM-dd"), winners = 1,
        }, Ct));
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("Nomination", created.GetProperty("stage").GetString());
        Assert.Equal("County", created.GetProperty("level").GetString());

        // Nomination: the street nominates its own; 宁安市 its own; nobody reaches outside their subtree.
        await SelectionWorld.Json(await street.Client.PostAsJsonAsync($"{Api}/selections/{id}/nominations", new { profileId = a, reason = "拍摄镜泊湖冬捕短视频" }, Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await street.Client.PostAsJsonAsync($"{Api}/selections/{id}/nominations", new { profileId = b, reason = "越级推荐" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.PostAsJsonAsync($"{Api}/selections/{id}/nominations", new { profileId = other, reason = "外县推荐" }, Ct)).StatusCode);
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/nominations", new { profileId = b, reason = "宣传宁安文旅" }, Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/nominations", new { profileId = b, reason = "再次推荐" }, Ct)).StatusCode);

        // Stages are never skipped.
        var skip = await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Scoring" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, skip.StatusCode);
        Assert.Contains("不能跳过", await skip.Content.ReadAsStringAsync(Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Qualification" }, Ct));

        // Qualification: four eyes (宁安市's admin nominated b, so another officer of 宁安市 reviews b); the street, below the
        // campaign's unit, nominates but does not run the campaign.
        var view = await SelectionWorld.Json(await county.Client.GetAsync($"{Api}/selections/{id}", Ct));
        var ca = Candidate(view, a);
        var cb = Candidate(view, b);
        var own = await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/reviews", new { candidateId = cb, qualified = true, note = "自己审查自己" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        Assert.Contains("推荐人不能审查", await own.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Scoring" }, Ct)).StatusCode); // not reviewed
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/reviews", new { candidateId = ca, qualified = true, note = "材料齐全" }, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await street.Client.PostAsJsonAsync($"{Api}/selections/{id}/reviews", new { candidateId = cb, qualified = true, note = "街道审查" }, Ct)).StatusCode);
        await SelectionWorld.Json(await reviewer.Client.PostAsJsonAsync($"{Api}/selections/{id}/reviews", new { candidateId = cb, qualified = true, note = "符合条件" }, Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Scoring" }, Ct));

        // The jurors are told in their inbox.
        await world.Host.OutboxDeliveredAsync();
        Assert.Contains("请为候选人评分", await juror2.Client.GetStringAsync("/api/notifications", Ct));

        // Jury scoring: each juror once per candidate; a user who is not a juror is refused.
        await Score(juror1.Client, id, ca, 90);
        await Score(juror1.Client, id, cb, 80);
        await Score(juror2.Client, id, ca, 70);
        await Score(juror2.Client, id, cb, 100);
        var again = await juror1.Client.PostAsJsonAsync($"{Api}/selections/{id}/scores", new { candidateId = ca, score = 10 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("已为该候选人评过分", await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/scores", new { candidateId = ca, score = 50 }, Ct)).StatusCode);
        var jurorView = await SelectionWorld.Json(await juror1.Client.GetAsync($"{Api}/selections/{id}", Ct));
        Assert.Equal(90, jurorView.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == ca).GetProperty("myScore").GetInt32());
        Assert.All(jurorView.GetProperty("candidates").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("juryAverage").ValueKind));

        // Public voting: 3 votes for a, 1 for b; the same voter again today is refused, tomorrow counts again.
        var anonymous = world.Host.AnonymousClient;
        var voters = new List<string>();
        for (var i = 0; i < 3; i++) voters.Add(await world.VoterAsync(anonymous, id, world.NewMobile()));
        foreach (var token in voters) await SelectionWorld.Json(await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/ballots", new { token, candidateId = ca }, Ct));
        var twice = await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/ballots", new { token = voters[0], candidateId = ca }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("今天已为该候选人投过票", await twice.Content.ReadAsStringAsync(Ct));
        var bMobile = world.NewMobile();
        await SelectionWorld.Json(await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/ballots", new { token = await world.VoterAsync(anonymous, id, bMobile), candidateId = cb }, Ct));
        world.Clock.Advance(TimeSpan.FromDays(1));
        await SelectionWorld.Json(await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/ballots", new { token = await world.VoterAsync(anonymous, id, bMobile), candidateId = cb }, Ct));

        // Publicity only after voting ended; then the results: final = 0.7 × jury average + 0.3 × 100 × votes ÷ most votes.
        await SelectionWorld.Fresh(county);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Publicity", publicityUntil = world.Today.AddDays(5) }, Ct)).StatusCode);
        world.Clock.Advance(TimeSpan.FromDays(2));
        await SelectionWorld.Fresh(county);
        var closed = await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/ballots", new { token = voters[1], candidateId = ca }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, closed.StatusCode); // voting is over
        var published = await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage",
            new { to = "Publicity", publicityUntil = world.Today.AddDays(5).ToString("yyyy-MM-dd") }, Ct));
        var ra = Candidates(published).Single(c => c.GetProperty("id").GetGuid() == ca);
        var rb = Candidates(published).Single(c => c.GetProperty("id").GetGuid() == cb);
        Assert.Equal(3, ra.GetProperty("votes").GetInt64());
        Assert.Equal(2, rb.GetProperty("votes").GetInt64());
        Assert.Equal(80.0, ra.GetProperty("juryAverage").GetDouble(), 6);
        Assert.Equal(90.0, rb.GetProperty("juryAverage").GetDouble(), 6);
        Assert.Equal(0.7 * 80 + 0.3 * 100, ra.GetProperty("final").GetDouble(), 6);        // 86
        Assert.Equal(0.7 * 90 + 0.3 * 100 * 2 / 3, rb.GetProperty("final").GetDouble(), 6); // 83
        Assert.True(ra.GetProperty("winner").GetBoolean());
        Assert.False(rb.GetProperty("winner").GetBoolean());

        // Publicity: anyone signed in objects (東宁's editor too); each objection is answered before the announcement.
        var objection = await SelectionWorld.Json(await (await SelectionWorld.Fresh(outsider)).PostAsJsonAsync($"{Api}/selections/{id}/objections",
            new { candidateId = ca, text = "该网友曾发布不实信息" }, Ct));
        await world.Host.OutboxDeliveredAsync();
        Assert.Contains("公示异议待答复", await (await SelectionWorld.Fresh(county)).GetStringAsync("/api/notifications", Ct));
        world.Clock.Advance(TimeSpan.FromDays(6));
        await SelectionWorld.Fresh(county);
        var unanswered = await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Announced" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unanswered.StatusCode);
        Assert.Contains("异议未答复", await unanswered.Content.ReadAsStringAsync(Ct));
        await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/objections/{objection.GetProperty("id").GetGuid()}/answer",
            new { answer = "经核查，所称信息系他人冒名发布，异议不成立。", upheld = false }, Ct));
        var announced = await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Announced" }, Ct));
        Assert.Equal("Announced", announced.GetProperty("stage").GetString());
        Assert.Equal(["Nomination", "Qualification", "Scoring", "Publicity", "Announced"],
            announced.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()).ToArray());

        var winner = await SelectionWorld.Json(await county.Client.GetAsync($"{Api}/profiles/{a}", Ct));
        var honour = Assert.Single(winner.GetProperty("honours").EnumerateArray());
        Assert.Equal("2026年度宁安市最美好网民", honour.GetProperty("title").GetString());
        Assert.Equal("County", honour.GetProperty("level").GetString());
        Assert.Equal("宁安市", honour.GetProperty("issuer").GetString());
        Assert.Empty((await SelectionWorld.Json(await county.Client.GetAsync($"{Api}/profiles/{b}", Ct))).GetProperty("honours").EnumerateArray());

        // Every step is in the audit trail.
        await world.Host.Client.SignInAsync("admin", TestHost.AdminPassword);
        var moves = await world.Host.Client.GetStringAsync("/api/audit?action=AdvanceSelection&pageSize=100", Ct);
        Assert.Equal(8, Regex.Matches(moves, id.ToString()).Count); // four moves and the four refused ones above
        foreach (var action in new[] { "CreateSelection", "NominateCandidate", "ReviewCandidate", "ScoreCandidate", "LodgeObjection", "AnswerObjection" })
            Assert.Contains(id.ToString(), await world.Host.Client.GetStringAsync($"/api/audit?action={action}&pageSize=100", Ct));

        // The officers' pages show the campaign with its stage and winner.
        var page = await county.Client.GetStringAsync($"/netizen-registry/selections/{id}", Ct);
        Assert.Contains("已公布结果", page);
        Assert.Contains("异议不成立", page);
        Assert.DoesNotContain(id.ToString(), page.Replace($"/vote/{id}", "").Replace($"/netizen-registry/selections/{id}", ""));
    }

    [Fact]
    public async Task Thirty_simultaneous_scores_by_one_juror_for_one_candidate_store_exactly_one()
    {
        var county = await world.UserAsync(world.Ningan, "CountyAdmin");
        var other = await world.UserAsync(world.Ningan, "Editor");
        var juror = await world.UserAsync(world.Ningan, "Editor");
        var p = await ProfileAsync(other.Client, world.Ningan, "并发评分" + Guid.NewGuid().ToString("N")[..4]);
        var (id, candidates) = await ScoringAsync(other.Client, county.Client, [juror.Login], [p]);

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            juror.Client.PostAsJsonAsync($"{Api}/selections/{id}/scores", new { candidateId = candidates[0], score = 60 + i }, Ct)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(29, answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest));
        var view = await SelectionWorld.Json(await juror.Client.GetAsync($"{Api}/selections/{id}", Ct));
        Assert.Equal(1, Candidates(view).Single().GetProperty("scoresGiven").GetInt32());
    }

    [Fact]
    public async Task Fifty_voters_at_once_each_voting_twice_count_exactly_fifty()
    {
        var county = await world.UserAsync(world.Ningan, "CountyAdmin");
        var other = await world.UserAsync(world.Ningan, "Editor");
        var juror = await world.UserAsync(world.Ningan, "Editor");
        var p = await ProfileAsync(other.Client, world.Ningan, "并发投票" + Guid.NewGuid().ToString("N")[..4]);
        var (id, candidates) = await ScoringAsync(other.Client, county.Client, [juror.Login], [p]);
        var mobiles = Enumerable.Range(0, 50).Select(_ => world.NewMobile()).ToList();
        var anonymous = world.Host.AnonymousClient;

        var tokens = await Task.WhenAll(mobiles.Select(m => world.VoterAsync(world.Host.NewClient(), id, m)));
        var ballots = await Task.WhenAll(tokens.Concat(tokens).Select(token =>
            world.Host.NewClient().PostAsJsonAsync($"{Api}/vote/{id}/ballots", new { token, candidateId = candidates[0] }, Ct)));

        Assert.Equal(50, ballots.Count(b => b.StatusCode == HttpStatusCode.OK));
        Assert.Equal(50, ballots.Count(b => b.StatusCode == HttpStatusCode.BadRequest));
        var view = await SelectionWorld.Json(await county.Client.GetAsync($"{Api}/selections/{id}", Ct));
        Assert.Equal(50, Candidates(view).Single().GetProperty("votes").GetInt64());

        // No number and no code is stored: the votes and codes keep keyed hashes only.
        Npgsql.NpgsqlConnection.ClearAllPools(); // the burst left the host's pool full
        var rows = await EveryRowAsync(world.Host.ConnectionString);
        Assert.DoesNotContain(rows.Split('\n'), line => mobiles.Any(m => line.Contains(m, StringComparison.Ordinal)));
        Assert.DoesNotContain(mobiles[0][^8..], rows);
    }

    [Fact]
    public async Task A_code_allows_five_attempts_and_expires_after_five_minutes_and_voting_needs_a_confirmed_number()
    {
        var county = await world.UserAsync(world.Ningan, "CountyAdmin");
        var other = await world.UserAsync(world.Ningan, "Editor");
        var juror = await world.UserAsync(world.Ningan, "Editor");
        var p = await ProfileAsync(other.Client, world.Ningan, "验证码" + Guid.NewGuid().ToString("N")[..4]);
        var (id, candidates) = await ScoringAsync(other.Client, county.Client, [juror.Login], [p]);
        var anonymous = world.Host.AnonymousClient;

        var mobile = world.NewMobile();
        var sent = await SelectionWorld.Json(await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/code", new { mobile }, Ct));
        var code = await world.CodeForAsync(mobile);
        var wrong = code == "000000" ? "000001" : "000000";
        for (var i = 0; i < 5; i++)
        {
            var refused = await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/confirm", new { requestId = sent.GetProperty("requestId").GetGuid(), code = wrong }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        var late = await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/confirm", new { requestId = sent.GetProperty("requestId").GetGuid(), code }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode); // the right code after five wrong ones
        Assert.Contains("验证码已失效", await late.Content.ReadAsStringAsync(Ct));

        var again = await SelectionWorld.Json(await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/code", new { mobile }, Ct));
        var fresh = await world.CodeForAsync(mobile);
        world.Clock.Advance(TimeSpan.FromMinutes(6));
        var expired = await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/confirm", new { requestId = again.GetProperty("requestId").GetGuid(), code = fresh }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);

        var bad = await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/code", new { mobile = "12345" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("手机号码", await bad.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync($"{Api}/vote/{id}/ballots", new { token = "forged", candidateId = candidates[0] }, Ct)).StatusCode);

        // The public view names candidates by alias and story only.
        var view = await anonymous.GetStringAsync($"{Api}/vote/{id}", Ct);
        Assert.Contains("验证码", view);
        Assert.DoesNotContain("realName", view);
        Assert.DoesNotContain(p.ToString(), view);
    }

    [Fact]
    public async Task A_campaign_not_yet_in_voting_is_not_public_and_nothing_is_skipped()
    {
        var county = await world.UserAsync(world.Ningan, "CountyAdmin");
        var today = world.Today;
        var created = await SelectionWorld.Json(await county.Client.PostAsJsonAsync($"{Api}/selections", new
        {
            name = "尚未开始的评选", honourTitle = "最美好网民", unitId = world.Ningan, jurors = new[] { county.Login },
            voteFrom = today.ToString("yyyy-MM-dd"), voteTo = today.ToString("yyyy-MM-dd"), winners = 1,
        }, Ct));
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await world.Host.AnonymousClient.GetAsync($"{Api}/vote/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Host.AnonymousClient.GetAsync($"/vote/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.Client.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Qualification" }, Ct)).StatusCode); // nobody nominated

        var street = await county.Client.PostAsJsonAsync($"{Api}/selections", new
        {
            name = "街道评选", honourTitle = "最美好网民", unitId = world.Jingpo, jurors = new[] { county.Login },
            voteFrom = today.ToString("yyyy-MM-dd"), voteTo = today.ToString("yyyy-MM-dd"), winners = 1,
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, street.StatusCode); // only the city or a county runs one
        var unknown = await county.Client.PostAsJsonAsync($"{Api}/selections", new
        {
            name = "评委不存在", honourTitle = "最美好网民", unitId = world.Ningan, jurors = new[] { "no-such-user" },
            voteFrom = today.ToString("yyyy-MM-dd"), voteTo = today.ToString("yyyy-MM-dd"), winners = 1,
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("jurors", await unknown.Content.ReadAsStringAsync(Ct));
    }

    private static IEnumerable<JsonElement> Candidates(JsonElement view) => view.GetProperty("candidates").EnumerateArray();

    private static Guid Candidate(JsonElement view, Guid profile) =>
        Candidates(view).Single(c => c.GetProperty("profileId").GetGuid() == profile).GetProperty("id").GetGuid();

    private async Task Score(HttpClient juror, Guid id, Guid candidate, int score) =>
        await SelectionWorld.Json(await juror.PostAsJsonAsync($"{Api}/selections/{id}/scores", new { candidateId = candidate, score }, Ct));
}

/// <summary>Bursts of requests from one address are refused with 429 (here the limit is 5 a minute).</summary>
public sealed class VotingRateLimitTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_burst_from_one_address_is_refused_with_429()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(), PluginFolder.With("directory", "netizen-registry"),
            ("NetizenRegistry:Voting:PerAddressPerMinute", "5"));
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            answers.Add((await host.AnonymousClient.PostAsJsonAsync($"{Api}/vote/{Guid.NewGuid()}/code", new { mobile = "13912345678" }, ct)).StatusCode);
        Assert.Equal(5, answers.Count(a => a == HttpStatusCode.NotFound)); // no such campaign: answered, within the limit
        Assert.Equal(7, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        var refused = await host.AnonymousClient.GetAsync($"{Api}/vote/{Guid.NewGuid()}", ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("请求过于频繁", await refused.Content.ReadAsStringAsync(ct));
        // A browser gets the Chinese error page.
        var page = new HttpRequestMessage(HttpMethod.Get, $"/vote/{Guid.NewGuid()}");
        page.Headers.Accept.ParseAdd("text/html");
        var html = await host.AnonymousClient.SendAsync(page, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, html.StatusCode);
        Assert.Contains("操作过于频繁", await html.Content.ReadAsStringAsync(ct));
        // Signed-in work is not limited by it.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/auth/me", ct)).StatusCode);
    }
}
