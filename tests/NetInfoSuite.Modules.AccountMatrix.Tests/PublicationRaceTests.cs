using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

/// <summary>People acting on one piece at the same moment (20 requests at once through the host): a step on an account
/// happens once, and the piece, its review and the messages it sends show only the request that won; records added to
/// one piece by several people are all kept or refused whole with 409.</summary>
public sealed class PublicationRaceTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly string[] Checks = ["Political", "Legal", "Policy", "Secrecy", "Wording", "Source", "Security"];
    private const string SensitiveWord = "竞争敏感词";

    private static object Review(bool pass) =>
        new { checks = Checks.Select(c => new { check = c, pass = pass || c != "Secrecy", comment = pass || c != "Secrecy" ? null : "涉密表述" }) };

    [Fact]
    public async Task Twenty_reviews_of_one_account_at_once_decide_it_once_and_the_author_hears_only_that_outcome()
    {
        var account = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安审核竞争号", "Toutiao", secondReason: "竞争");
        var id = await DraftAsync(world.NinganEditor, "审核竞争", account);
        (await world.NinganEditor.PostAsync($"/api/account-matrix/publications/{id}/submit", null)).EnsureSuccessStatusCode();
        HttpClient[] reviewers = [await world.Host.ClientForAsync(world.City, "Reviewer"), await world.Host.ClientForAsync(world.Ningan, "Reviewer")];

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            reviewers[i % 2].PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/review", Review(pass: i % 4 < 2))));

        var won = await SingleWinnerAsync(responses, "该账号的稿件状态为");
        var decided = Status(await won.Content.ReadFromJsonAsync<JsonElement>(), account);
        var stored = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/publications/{id}");
        Assert.Equal(decided, Status(stored, account));
        Assert.Equal(JsonValueKind.Null, Target(stored, account).GetProperty("earlierReviews").ValueKind);
        // The author is told once, of the outcome that stands.
        Assert.Equal(decided == "Approved" ? (1L, 0L) : (0L, 1L), (await OutboxCountAsync($"/account-matrix/publishing/{id}", "account-matrix.review-approved"),
            await OutboxCountAsync($"/account-matrix/publishing/{id}", "account-matrix.review-rejected")));
    }

    [Fact]
    public async Task Scheduling_and_recording_a_manual_post_of_one_account_at_once_let_one_win_and_the_piece_shows_only_it()
    {
        await SensitiveWordAsync();
        var account = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安定时竞争号", "Douyin", secondReason: "竞争");
        var id = await ApprovedAsync("定时竞争", account);
        var editor2 = await world.Host.ClientForAsync(world.Ningan, "Editor");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? world.NinganEditor.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/schedule", new { at = DateTimeOffset.UtcNow.AddHours(1 + i) })
            : editor2.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/posted", new { link = $"https://www.douyin.com/video/{7300000000000000000L + i}" })));

        var won = await SingleWinnerAsync(responses, "该账号的稿件状态为");
        var winner = Target(await won.Content.ReadFromJsonAsync<JsonElement>(), account);
        var stored = Target(await world.NinganEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/publications/{id}"), account);
        Assert.Equal(winner.GetProperty("status").GetString(), stored.GetProperty("status").GetString());
        Assert.Equal(winner.GetProperty("link").ToString(), stored.GetProperty("link").ToString());
        Assert.Equal(winner.GetProperty("scheduledAt").ToString(), stored.GetProperty("scheduledAt").ToString());
        // A piece posted by hand with a sensitive word opens one case (through the outbox); a scheduled one none yet.
        Assert.Equal(stored.GetProperty("status").GetString() == "Published" ? 1L : 0L, await ScanCountAsync(id));
    }

    [Fact]
    public async Task Twenty_manual_posts_recorded_at_once_for_one_pieces_accounts_are_each_kept_or_refused_whole()
    {
        await SensitiveWordAsync();
        var accounts = new List<Guid>();
        for (var i = 0; i < 20; i++)
            accounts.Add(await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, $"宁安人工发布{i}", "Douyin", secondReason: $"第{i}个"));
        var id = await DraftAsync(world.NinganEditor, "人工发布竞争", [.. accounts]);
        (await world.NinganEditor.PostAsync($"/api/account-matrix/publications/{id}/submit", null)).EnsureSuccessStatusCode();
        (await (await world.Host.ClientForAsync(world.City, "Reviewer")).PostAsync($"/api/account-matrix/publications/{id}/approve-all", null)).EnsureSuccessStatusCode();
        var editor2 = await world.Host.ClientForAsync(world.Ningan, "Editor");

        var responses = await Task.WhenAll(accounts.Select((a, i) => (i % 2 == 0 ? world.NinganEditor : editor2)
            .PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{a}/posted", new { link = $"https://www.douyin.com/video/{i}" })));

        var stored = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/publications/{id}");
        var failures = new List<string>();
        foreach (var (a, i) in accounts.Select((a, i) => (a, i)))
        {
            var target = Target(stored, a);
            var (status, link) = (target.GetProperty("status").GetString(), target.GetProperty("link").ToString());
            if (responses[i].StatusCode == HttpStatusCode.OK && (status, link) != ("Published", $"https://www.douyin.com/video/{i}"))
                failures.Add($"account {i}: answered 200 but the piece has {status} {link}");
            else if (responses[i].StatusCode == HttpStatusCode.Conflict && status != "Approved")
                failures.Add($"account {i}: answered 409 but the piece has {status}");
            else if (responses[i].StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict))
                failures.Add($"account {i}: answered {(int)responses[i].StatusCode} {await responses[i].Content.ReadAsStringAsync()}");
        }
        Assert.Empty(failures);
        // One case opened per account published, none for a refused one.
        Assert.Equal(responses.Count(r => r.StatusCode == HttpStatusCode.OK), await ScanCountAsync(id));
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

    private async Task SensitiveWordAsync() =>
        (await world.CityAdmin.PutAsJsonAsync("/api/account-matrix/words", new { words = new[] { new { word = SensitiveWord, kind = "Sensitive" } } }))
        .EnsureSuccessStatusCode();

    private async Task<Guid> ApprovedAsync(string title, Guid account)
    {
        var id = await DraftAsync(world.NinganEditor, title, account);
        (await world.NinganEditor.PostAsync($"/api/account-matrix/publications/{id}/submit", null)).EnsureSuccessStatusCode();
        (await (await world.Host.ClientForAsync(world.City, "Reviewer")).PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/review", Review(pass: true)))
            .EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<Guid> DraftAsync(HttpClient author, string title, params Guid[] accounts)
    {
        var draft = await author.PostAsJsonAsync("/api/account-matrix/publications", new { title, body = $"镜泊湖冬捕今日开幕，{SensitiveWord}。", accounts });
        if (!draft.IsSuccessStatusCode) throw new InvalidOperationException(await draft.Content.ReadAsStringAsync());
        return (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Messages committed for the outbox linking to the piece, of a kind starting so.</summary>
    private async Task<long> OutboxCountAsync(string link, string kind)
    {
        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("""
            select count(*) from platform.outbox where type like '%.Notify' and body::text like '%' || $1 || '%' and body::text like '%' || $2 || '%'
            """, connection) { Parameters = { new() { Value = link }, new() { Value = kind } } };
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Review cases the piece's published accounts asked compliance to open (one per account).</summary>
    private async Task<long> ScanCountAsync(Guid id)
    {
        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("select count(*) from platform.outbox where body::text like '%' || $1 || '%'", connection)
            { Parameters = { new() { Value = $"publication:{id:N}:" } } };
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static string? Status(JsonElement publication, Guid account) => Target(publication, account).GetProperty("status").GetString();

    private static JsonElement Target(JsonElement publication, Guid account) =>
        publication.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("accountId").GetGuid() == account);
}
