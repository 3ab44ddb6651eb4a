using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

/// <summary>Each index against figures computed by hand from the formulas (7-day period 2026-11-01…07), to two
/// decimals (the API keeps full precision).</summary>
public sealed class RankingTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task WeChat_accounts_rank_by_WCI_with_a_10wan_plus_article_and_one_without_activity()
    {
        var a = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安发布", "WeChat");
        var b = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁发布", "WeChat");
        var c = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁文旅", "WeChat", secondReason: "文旅宣传单列");
        (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            articles = new object[]
            {
                new { id = "a1", accountId = a, day = "2026-11-01", title = "冬捕开幕", headline = true, reads = "10万+", wows = 500, likes = 1200, shares = 800 },
                new { id = "a2", accountId = a, day = "2026-11-03", title = "天气", headline = false, reads = 2000, wows = 10, likes = 30, shares = 5 },
                new { id = "a3", accountId = a, day = "2026-11-05", title = "政策", headline = true, reads = 5000, wows = 20, likes = 60, shares = 40 },
                new { id = "a4", accountId = b, day = "2026-11-02", title = "通知", headline = true, reads = 800, wows = 2, likes = 5, shares = 1 },
            },
        })).EnsureSuccessStatusCode();

        var ranking = await Rank("WeChat");

        Assert.Equal("WCI V14.2 r2", ranking.GetProperty("formula").GetString());
        Assert.Equal([(a, 1, 1018.45), (b, 2, 217.51), (c, 3, 0.0)], Entries(ranking));

        // Published, it stays as it was with its formula version, whatever later imports change.
        var published = await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/rankings/published",
            new { title = "11月第1周微信传播力排行", platform = "WeChat", from = "2026-11-01", to = "2026-11-07" });
        var id = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            articles = new[] { new { id = "a5", accountId = c, day = "2026-11-04", title = "补录", headline = true, reads = 900_000, wows = 9000, likes = 9000, shares = 9000 } },
        })).EnsureSuccessStatusCode();
        var kept = (await world.NinganEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/rankings/published/{id}")).GetProperty("ranking");
        Assert.Equal("WCI V14.2 r2", kept.GetProperty("formula").GetString());
        Assert.Equal([(a, 1, 1018.45), (b, 2, 217.51), (c, 3, 0.0)], Entries(kept));
        Assert.Equal(1, Entries(await Rank("WeChat")).Single(e => e.Id == c).Rank); // the live ranking moved
        // The city's published rankings are listed for the counties it ranks.
        var listed = (await world.NinganEditor.GetFromJsonAsync<JsonElement>("/api/account-matrix/rankings/published")).EnumerateArray().Single();
        Assert.Equal((id, "WCI V14.2 r2"), (listed.GetProperty("id").GetGuid(), listed.GetProperty("formula").GetString()));
        var export = await world.CityAdmin.GetAsync($"/api/account-matrix/rankings/published/{id}/export");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Weibo_accounts_rank_by_BCI_and_short_video_accounts_by_DCI()
    {
        var d = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安微博", "Weibo");
        var e = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁微博", "Weibo");
        var f = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁团委微博", "Weibo", secondReason: "共青团");
        var g = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安抖音", "Douyin");
        var h = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁抖音", "Douyin");
        var i = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁文旅抖音", "Douyin", secondReason: "文旅");
        (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            daily = new object[]
            {
                new { accountId = d, day = "2026-11-01", posts = 10, originalPosts = 6, reposts = 200, comments = 150, originalReposts = 120, originalComments = 90, likes = 1000 },
                new { accountId = d, day = "2026-11-02", posts = 5, originalPosts = 2, reposts = 50, comments = 40, originalReposts = 30, originalComments = 20, likes = 300 },
                new { accountId = e, day = "2026-11-04", posts = 3, originalPosts = 3, comments = 2, originalComments = 2, likes = 10 },
                new { accountId = g, day = "2026-11-01", posts = 2, likes = 5000, comments = 300, shares = 120, newFollowers = 80, followers = 10000 },
                new { accountId = g, day = "2026-11-02", posts = 1, likes = 2000, comments = 100, shares = 50, newFollowers = 40, followers = 10040 },
                new { accountId = h, day = "2026-11-06", posts = 1, likes = 10, comments = 1, followers = 500 },
            },
        })).EnsureSuccessStatusCode();

        Assert.Equal([(d, 1, 754.79), (e, 2, 138.33), (f, 3, 0.0)], Entries(await Rank("Weibo")));
        Assert.Equal([(g, 1, 598.75), (h, 2, 134.86), (i, 3, 0.0)], Entries(await Rank("Douyin")));
    }

    [Fact]
    public async Task Importing_the_same_figures_again_replaces_them_and_never_doubles()
    {
        var k = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安快手", "Kuaishou");
        var row = new { accountId = k, day = "2026-11-03", posts = 1, likes = 10, comments = 1, followers = 500 };
        for (var i = 0; i < 2; i++) (await world.NinganEditor.PostAsJsonAsync("/api/account-matrix/metrics", new { daily = new[] { row } })).EnsureSuccessStatusCode();
        Assert.Equal(134.86, Entries(await Rank("Kuaishou")).Single().Score);

        (await world.NinganEditor.PostAsJsonAsync("/api/account-matrix/metrics", new { daily = new[] { row with { likes = 0 } } })).EnsureSuccessStatusCode();
        Assert.True(Entries(await Rank("Kuaishou")).Single().Score < 134.86);
    }

    [Fact]
    public async Task Each_county_ranks_and_records_only_its_own_accounts()
    {
        var mine = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安头条号", "Bilibili");
        var theirs = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁B站", "Bilibili");

        var ningan = await world.NinganEditor.GetFromJsonAsync<JsonElement>("/api/account-matrix/rankings?platform=Bilibili&from=2026-11-01&to=2026-11-07");
        Assert.Equal([mine], ningan.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("accountId").GetGuid()).ToArray());
        var refused = await world.NinganEditor.PostAsJsonAsync("/api/account-matrix/metrics",
            new { daily = new[] { new { accountId = theirs, day = "2026-11-01", posts = 1 } } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.NinganEditor.PostAsJsonAsync($"/api/account-matrix/accounts/{theirs}/status", new { to = "Suspended" })).StatusCode);
    }

    private async Task<JsonElement> Rank(string platform) =>
        await world.CityAdmin.GetFromJsonAsync<JsonElement>($"/api/account-matrix/rankings?platform={platform}&from=2026-11-01&to=2026-11-07");

    private static (Guid Id, int Rank, double Score)[] Entries(JsonElement ranking) =>
        ranking.GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("accountId").GetGuid(), e.GetProperty("rank").GetInt32(), Math.Round(e.GetProperty("score").GetDouble(), 2))).ToArray();
}
