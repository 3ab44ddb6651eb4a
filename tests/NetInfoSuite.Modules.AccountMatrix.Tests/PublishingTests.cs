using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

/// <summary>先审后发: review before publishing, the word scan, and scheduled sending.</summary>
public sealed class PublishingTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly string[] Checks = ["Political", "Legal", "Policy", "Secrecy", "Wording", "Source", "Security"];

    private static object Review(string? failing = null) =>
        new { checks = Checks.Select(c => new { check = c, pass = c != failing, comment = c == failing ? "涉密表述" : null }) };

    [Fact]
    public async Task Approval_needs_all_seven_checks_to_pass_and_never_comes_from_the_author()
    {
        var a = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安发布号", "Toutiao");
        var b = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安快讯", "Toutiao", secondReason: "快讯");
        var id = await DraftAsync(world.NinganEditor, a, b);
        (await world.NinganEditor.PostAsync($"/api/account-matrix/publications/{id}/submit", null)).EnsureSuccessStatusCode();
        var reviewer = await world.Host.ClientForAsync(world.City, "Reviewer");

        var six = await reviewer.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{a}/review",
            new { checks = Checks.Skip(1).Select(c => new { check = c, pass = true }) });
        Assert.Equal(HttpStatusCode.BadRequest, six.StatusCode);
        var approved = await reviewer.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{a}/review", Review());
        var rejected = await reviewer.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{b}/review", Review(failing: "Secrecy"));

        Assert.Equal("Approved", Status(await approved.Content.ReadFromJsonAsync<JsonElement>(), a));
        Assert.Equal("Rejected", Status(await rejected.Content.ReadFromJsonAsync<JsonElement>(), b));
        var unapproved = await world.NinganEditor.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{b}/schedule", new { at = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Equal(HttpStatusCode.BadRequest, unapproved.StatusCode);
        Assert.Contains("该账号的稿件状态为“未通过”，须为“审核通过”或“发布失败”", await unapproved.Content.ReadAsStringAsync());

        // A city administrator may review, but not what they wrote themselves.
        var own = await DraftAsync(world.CityAdmin, a);
        await world.CityAdmin.PostAsync($"/api/account-matrix/publications/{own}/submit", null);
        var self = await world.CityAdmin.PostAsJsonAsync($"/api/account-matrix/publications/{own}/targets/{a}/review", Review());
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("reviewer", await self.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_reviewer_is_told_a_piece_waits_approves_every_account_at_once_and_the_author_hears_each_outcome()
    {
        var hailin = await world.UnitAsync("231083", "海林市", "County", world.City);
        var editor = await world.Host.ClientForAsync(hailin, "Editor");
        var reviewer = await world.Host.ClientForAsync(hailin, "Reviewer");
        var a = await world.ActiveAccountAsync(editor, hailin, "海林发布", "WeChat");
        var b = await world.ActiveAccountAsync(editor, hailin, "海林融媒", "Toutiao");
        var c = await world.ActiveAccountAsync(editor, hailin, "海林微博", "Weibo");
        var id = await DraftAsync(editor, a, b, c);
        var link = $"/account-matrix/publishing/{id}";

        (await editor.PostAsync($"/api/account-matrix/publications/{id}/submit", null)).EnsureSuccessStatusCode();
        await world.Host.OutboxDeliveredAsync();
        // The county's own reviewer is the nearest: told, with a link to the piece; the city is not bothered.
        var waits = Assert.Single(await InboxAsync(reviewer, link));
        Assert.Contains("待审核", waits.GetProperty("subject").GetString());
        Assert.Contains("海林发布", waits.GetProperty("body").GetString());
        Assert.Empty(await InboxAsync(world.CityAdmin, link));

        (await reviewer.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{c}/review", Review(failing: "Secrecy"))).EnsureSuccessStatusCode();
        await world.Host.OutboxDeliveredAsync();
        var rejected = Assert.Single(await InboxAsync(editor, link));
        Assert.Contains("未通过", rejected.GetProperty("subject").GetString());
        Assert.Contains("海林微博", rejected.GetProperty("body").GetString());
        Assert.Contains("保密（涉密表述）", rejected.GetProperty("body").GetString());

        // 全部通过: only a reviewer, never the author; the rejected account stays rejected.
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsync($"/api/account-matrix/publications/{id}/approve-all", null)).StatusCode);
        var all = await reviewer.PostAsync($"/api/account-matrix/publications/{id}/approve-all", null);
        all.EnsureSuccessStatusCode();
        var piece = await all.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Approved", "Approved", "Rejected"), (Status(piece, a), Status(piece, b), Status(piece, c)));
        Assert.All(Target(piece, a).GetProperty("review").GetProperty("checks").EnumerateArray(), check => Assert.True(check.GetProperty("pass").GetBoolean()));
        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.PostAsync($"/api/account-matrix/publications/{id}/approve-all", null)).StatusCode);
        await world.Host.OutboxDeliveredAsync();
        var approved = (await InboxAsync(editor, link)).Single(n => n.GetProperty("subject").GetString()!.Contains("审核通过"));
        Assert.Contains("海林发布、海林融媒", approved.GetProperty("body").GetString());

        // The author never approves their own piece, all at once either.
        var own = await DraftAsync(world.CityAdmin, a);
        (await world.CityAdmin.PostAsync($"/api/account-matrix/publications/{own}/submit", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await world.CityAdmin.PostAsync($"/api/account-matrix/publications/{own}/approve-all", null)).StatusCode);
    }

    private static async Task<List<JsonElement>> InboxAsync(HttpClient client, string link) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/notifications")).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("link").GetString() == link).ToList();

    [Fact]
    public async Task A_rejected_piece_is_revised_reviewed_again_and_keeps_its_earlier_review()
    {
        var account = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安修改稿号", "WeChat", secondReason: "修改稿");
        var id = await DraftAsync(world.NinganEditor, account);
        (await world.NinganEditor.PostAsync($"/api/account-matrix/publications/{id}/submit", null)).EnsureSuccessStatusCode();
        var reviewer = await world.Host.ClientForAsync(world.Ningan, "Reviewer");
        (await reviewer.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/review", Review(failing: "Wording"))).EnsureSuccessStatusCode();

        var revised = await world.NinganEditor.PutAsJsonAsync($"/api/account-matrix/publications/{id}", new { title = "修改稿", body = "已改正文字" });
        var target = (await revised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("targets")[0];
        Assert.Equal("Draft", target.GetProperty("status").GetString());
        Assert.False(target.GetProperty("earlierReviews")[0].GetProperty("checks").EnumerateArray().All(c => c.GetProperty("pass").GetBoolean()));

        (await world.NinganEditor.PostAsync($"/api/account-matrix/publications/{id}/submit", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest,
            (await world.NinganEditor.PutAsJsonAsync($"/api/account-matrix/publications/{id}", new { title = "再改", body = "审核中不能改" })).StatusCode);
        var approved = await reviewer.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/review", Review());
        var after = (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("targets")[0];
        Assert.Equal(("Approved", 1), (after.GetProperty("status").GetString(), after.GetProperty("earlierReviews").GetArrayLength()));
    }

    [Fact]
    public async Task The_word_scan_finds_each_dictionary_word_with_its_position()
    {
        var reviewer = await world.Host.ClientForAsync(world.City, "Reviewer");
        (await reviewer.PutAsJsonAsync("/api/account-matrix/words", new
        {
            words = new object[]
            {
                new { word = "以经", kind = "CommonlyWrong", suggestion = "已经" },
                new { word = "经完成", kind = "CommonlyWrong", suggestion = (string?)null }, // overlaps the word before
                new { word = "内部资料", kind = "Sensitive" },
            },
        })).EnsureSuccessStatusCode();
        var account = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁头条", "Toutiao");
        const string body = "各乡镇以经完成冬季防火检查，请勿转发内部资料。以经";
        var draft = await world.DongningEditor.PostAsJsonAsync("/api/account-matrix/publications",
            new { title = "防火通知", body, accounts = new[] { account } });
        var id = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var hits = (await world.DongningEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/publications/{id}/scan")).EnumerateArray()
            .Select(h => (h.GetProperty("word").GetString(), h.GetProperty("position").GetInt32())).ToList();

        Assert.Equal([("以经", body.IndexOf("以经")), ("经完成", body.IndexOf("经完成")), ("内部资料", body.IndexOf("内部资料")), ("以经", body.LastIndexOf("以经"))], hits);
    }

    [Fact]
    public async Task A_scheduled_piece_goes_out_once_however_many_times_sending_runs()
    {
        var (id, account) = await DueNowAsync("宁安B站", "Bilibili");

        // Two instances of the deployment on one database, each sending twice at once.
        await using var second = await TestHost.StartOnAsync(world.Host.ConnectionString, PluginFolder.With(MatrixWorld.Plugins),
            ("NetInfo:RecurringWork:Off", "account-matrix publishing"));
        var secondAdmin = await second.ClientForAsync(world.City, "CityAdmin");
        var runs = await Task.WhenAll(new[] { world.CityAdmin, secondAdmin, world.CityAdmin, secondAdmin }
            .Select(admin => admin.PostAsync("/api/account-matrix/publishing/run", null)));
        var published = 0;
        foreach (var run in runs) published += (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("published").GetInt32();

        Assert.Equal(1, published);
        var sent = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/publications/{id}");
        Assert.Equal("Published", Status(sent, account));
        // The connector's link to the post is kept.
        Assert.Equal($"https://connector.test/{id:N}/{account:N}", Target(sent, account).GetProperty("link").GetString());
    }

    [Fact]
    public async Task Without_a_connector_for_its_platform_a_due_piece_awaits_manual_publishing_until_an_editor_records_the_link()
    {
        var (id, account) = await DueNowAsync("宁安抖音号", "Douyin"); // the test connector sends to Bilibili and Kuaishou only

        var run = await (await world.CityAdmin.PostAsync("/api/account-matrix/publishing/run", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 1), (run.GetProperty("published").GetInt32(), run.GetProperty("awaitingManual").GetInt32()));
        var waiting = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/publications/{id}");
        Assert.Equal("AwaitingManual", Status(waiting, account));
        Assert.Equal(JsonValueKind.Null, Target(waiting, account).GetProperty("publishedAt").ValueKind);
        var page = await world.NinganEditor.GetStringAsync($"/account-matrix/publishing/{id}");
        Assert.Contains("待人工发布", page);
        Assert.Contains("没有接入发布通道", page);
        Assert.Contains("登记人工发布", page);
        // The hand-over reaches the unit's editor in the inbox, linking to the piece.
        await world.Host.OutboxDeliveredAsync();
        var told = (await world.NinganEditor.GetFromJsonAsync<JsonElement>("/api/notifications")).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("link").GetString() == $"/account-matrix/publishing/{id}" && n.GetProperty("kind").GetString() == "account-matrix.awaiting-manual").ToList();
        Assert.Contains("待人工发布", Assert.Single(told).GetProperty("subject").GetString());
        // Running again sends nothing: the piece waits for a person.
        Assert.Equal(0, (await (await world.CityAdmin.PostAsync("/api/account-matrix/publishing/run", null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("awaitingManual").GetInt32());

        var noLink = await world.NinganEditor.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/posted", new { link = "抖音上发了" });
        Assert.Equal(HttpStatusCode.BadRequest, noLink.StatusCode);
        Assert.True((await noLink.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("link", out _));
        var posted = await world.NinganEditor.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/posted",
            new { link = "https://www.douyin.com/video/7300000000000000000" });
        posted.EnsureSuccessStatusCode();
        var target = Target(await posted.Content.ReadFromJsonAsync<JsonElement>(), account);
        Assert.Equal(("Published", "https://www.douyin.com/video/7300000000000000000"), (target.GetProperty("status").GetString(), target.GetProperty("link").GetString()));
        Assert.NotEqual(JsonValueKind.Null, target.GetProperty("postedBy").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await world.NinganEditor.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/posted",
            new { link = "https://www.douyin.com/video/1" })).StatusCode); // published once
    }

    [Fact]
    public async Task A_city_wide_authors_piece_awaiting_manual_publishing_is_handed_to_its_author_and_the_run_goes_on()
    {
        // A city editor's pieces cover the whole tree (path "/"): the hand-over once failed on it and stopped the run.
        var editor = await world.Host.ClientForAsync(world.City, "Editor");
        var douyin = await world.ActiveAccountAsync(editor, world.City, "牡丹江发布抖音号", "Douyin");
        var bilibili = await world.ActiveAccountAsync(editor, world.City, "牡丹江发布B站号", "Bilibili");
        var id = await DraftAsync(editor, douyin, bilibili);
        (await editor.PostAsync($"/api/account-matrix/publications/{id}/submit", null)).EnsureSuccessStatusCode();
        var reviewer = await world.Host.ClientForAsync(world.City, "Reviewer");
        foreach (var account in new[] { douyin, bilibili })
        {
            (await reviewer.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/review", Review())).EnsureSuccessStatusCode();
            (await editor.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/schedule", new { at = DateTimeOffset.UtcNow })).EnsureSuccessStatusCode();
        }

        var run = await world.CityAdmin.PostAsync("/api/account-matrix/publishing/run", null);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var piece = await editor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/publications/{id}");
        Assert.Equal(("AwaitingManual", "Published"), (Status(piece, douyin), Status(piece, bilibili)));
        await world.Host.OutboxDeliveredAsync();
        var told = (await editor.GetFromJsonAsync<JsonElement>("/api/notifications")).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("link").GetString() == $"/account-matrix/publishing/{id}" && n.GetProperty("kind").GetString() == "account-matrix.awaiting-manual");
        Assert.Contains("牡丹江发布抖音号", Assert.Single(told).GetProperty("body").GetString());
    }

    [Fact]
    public async Task The_hand_over_of_a_piece_awaiting_manual_publishing_commits_with_its_status()
    {
        // Told after the status's commit, a host dying in between left the piece waiting with no one told of it.
        var (id, _) = await DueNowAsync("宁安视频号", "WeChatChannels");
        (await world.CityAdmin.PostAsync("/api/account-matrix/publishing/run", null)).EnsureSuccessStatusCode();

        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var stored = new Npgsql.NpgsqlCommand("""
            select count(*) from platform.outbox where type like '%.Notify' and body::text like '%' || $1 || '%' and body::text like '%account-matrix.awaiting-manual%'
            """, connection) { Parameters = { new() { Value = $"/account-matrix/publishing/{id}" } } };
        Assert.Equal(1L, await stored.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_piece_whose_sending_was_interrupted_fails_for_people_to_check_and_goes_again_only_when_rescheduled()
    {
        var (id, account) = await DueNowAsync("宁安快手", "Kuaishou");
        // An instance claimed it 20 minutes ago and died before it recorded how sending went.
        await using (var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var claim = new Npgsql.NpgsqlCommand(
                "insert into account_matrix.publish_claims (publication_id, account_id, claimed_at) values ($1, $2, now() - interval '20 minutes')", connection)
                { Parameters = { new() { Value = id }, new() { Value = account } } };
            await claim.ExecuteNonQueryAsync();
        }

        (await world.CityAdmin.PostAsync("/api/account-matrix/publishing/run", null)).EnsureSuccessStatusCode();

        var piece = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/publications/{id}");
        Assert.Equal("Failed", Status(piece, account));
        var target = piece.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("accountId").GetGuid() == account);
        Assert.Contains("发送中断", target.GetProperty("failureReason").GetString());
        Assert.Equal(JsonValueKind.Null, target.GetProperty("publishedAt").ValueKind);

        // Once people have checked the platform, it may go again, and this time it goes out.
        (await world.NinganEditor.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/schedule",
            new { at = DateTimeOffset.UtcNow })).EnsureSuccessStatusCode();
        (await world.CityAdmin.PostAsync("/api/account-matrix/publishing/run", null)).EnsureSuccessStatusCode();
        Assert.Equal("Published", Status(await world.NinganEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/publications/{id}"), account));
    }

    /// <summary>A piece for a new 宁安 account, reviewed and scheduled for now.</summary>
    private async Task<(Guid Id, Guid Account)> DueNowAsync(string accountName, string platform)
    {
        var account = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, accountName, platform);
        var id = await DraftAsync(world.NinganEditor, account);
        await world.NinganEditor.PostAsync($"/api/account-matrix/publications/{id}/submit", null);
        var reviewer = await world.Host.ClientForAsync(world.City, "Reviewer");
        (await reviewer.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/review", Review())).EnsureSuccessStatusCode();
        (await world.NinganEditor.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/schedule",
            new { at = DateTimeOffset.UtcNow })).EnsureSuccessStatusCode();
        return (id, account);
    }

    private static async Task<Guid> DraftAsync(HttpClient author, params Guid[] accounts)
    {
        var draft = await author.PostAsJsonAsync("/api/account-matrix/publications", new { title = "冬捕开幕", body = "镜泊湖冬捕今日开幕。", accounts });
        if (!draft.IsSuccessStatusCode) throw new InvalidOperationException(await draft.Content.ReadAsStringAsync());
        return (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static string? Status(JsonElement publication, Guid account) => Target(publication, account).GetProperty("status").GetString();

    private static JsonElement Target(JsonElement publication, Guid account) =>
        publication.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("accountId").GetGuid() == account);
}
