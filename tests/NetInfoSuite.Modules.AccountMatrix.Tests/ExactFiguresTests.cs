using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

/// <summary>The figures issue 13 found wrong, each against a value computed by hand from the published formula.
/// Every test works in a county of its own, so the tests of this class never see each other's accounts.</summary>
public sealed class ExactFiguresTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task WCI_peak_power_takes_the_four_maxima_of_the_period_and_a_ranking_keeps_its_formula_version()
    {
        var (unit, county) = await CountyAsync();
        var a = await world.ActiveAccountAsync(county, unit, "峰值号", "WeChat");
        // The issue's case: a headline with 1000 reads and nothing else, and an article with 900 reads, 50 在看,
        // 200 likes and 300 shares. Rmax (1000) and the other three maxima come from different articles.
        (await county.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            articles = new object[]
            {
                new { id = "wci-1", accountId = a, day = "2026-11-02", title = "头条", headline = true, reads = 1000 },
                new { id = "wci-2", accountId = a, day = "2026-11-04", title = "次条", headline = false, reads = 900, wows = 50, likes = 200, shares = 300 },
            },
        })).EnsureSuccessStatusCode();
        const string week = "platform=WeChat&from=2026-11-01&to=2026-11-07";

        var ranking = await county.GetFromJsonAsync<JsonElement>($"/api/account-matrix/rankings?{week}");
        Assert.Equal("WCI V14.2 r2", ranking.GetProperty("formula").GetString());
        Assert.Equal(396.84, Score(ranking), 2);
        // The earlier version is still computed the same way, so an old ranking can be checked again.
        var legacy = await county.GetFromJsonAsync<JsonElement>($"/api/account-matrix/rankings?{week}&formula={Uri.EscapeDataString("WCI V14.2")}");
        Assert.Equal(("WCI V14.2", 395.82), (legacy.GetProperty("formula").GetString(), Math.Round(Score(legacy), 2)));
        Assert.Equal(HttpStatusCode.BadRequest, (await county.GetAsync($"/api/account-matrix/rankings?{week}&formula=WCI%20V9")).StatusCode);

        // Published rankings keep the version they were made with.
        var admin = await world.Host.ClientForAsync(unit, "CountyAdmin");
        async Task<Guid> Publish(string? formula) => (await (await admin.PostAsJsonAsync("/api/account-matrix/rankings/published",
            new { title = $"周排行 {formula}", platform = "WeChat", from = "2026-11-01", to = "2026-11-07", formula })).Content
            .ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var old = await Publish("WCI V14.2");
        var current = await Publish(null);
        var keptOld = (await admin.GetFromJsonAsync<JsonElement>($"/api/account-matrix/rankings/published/{old}")).GetProperty("ranking");
        var keptCurrent = (await admin.GetFromJsonAsync<JsonElement>($"/api/account-matrix/rankings/published/{current}")).GetProperty("ranking");
        Assert.Equal(("WCI V14.2", 395.82), (keptOld.GetProperty("formula").GetString(), Math.Round(Score(keptOld), 2)));
        Assert.Equal(("WCI V14.2 r2", 396.84), (keptCurrent.GetProperty("formula").GetString(), Math.Round(Score(keptCurrent), 2)));
    }

    [Fact]
    public async Task Scores_keep_full_precision_in_the_API_ranks_follow_the_full_value_and_pages_and_exports_show_two_decimals()
    {
        var (unit, county) = await CountyAsync();
        var a = await world.ActiveAccountAsync(county, unit, "精度甲", "Douyin");
        var b = await world.ActiveAccountAsync(county, unit, "精度乙", "Douyin", secondReason: "文旅");
        // DCI 236.4531540 and 236.4531541: one follower apart, the same to six decimals.
        (await county.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            daily = new object[]
            {
                new { accountId = a, day = "2026-11-02", posts = 1, followers = 100_000_000 },
                new { accountId = b, day = "2026-11-02", posts = 1, followers = 100_000_001 },
            },
        })).EnsureSuccessStatusCode();

        var entries = (await county.GetFromJsonAsync<JsonElement>("/api/account-matrix/rankings?platform=Douyin&from=2026-11-01&to=2026-11-07"))
            .GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("accountId").GetGuid());
        Assert.Equal((1, 2), (entries[b].GetProperty("rank").GetInt32(), entries[a].GetProperty("rank").GetInt32()));
        Assert.Equal(236.45315412444594, entries[b].GetProperty("score").GetDouble(), 10);
        Assert.Equal(236.4531539998459, entries[a].GetProperty("score").GetDouble(), 10);

        var page = await county.GetStringAsync("/account-matrix/rankings?platform=Douyin&period=week&at=2026-11-02");
        Assert.Contains(">236.45<", page);
        Assert.DoesNotContain("236.4531", page);
        var export = await MatrixWorld.DownloadAsync(county, "/api/account-matrix/rankings/export?platform=Douyin&from=2026-11-01&to=2026-11-07");
        Assert.All(export, row => Assert.Equal(236.45, Convert.ToDouble(row["得分"])));
    }

    [Fact]
    public async Task DCI_takes_the_last_follower_count_the_period_reports()
    {
        var (unit, county) = await CountyAsync();
        var k = await world.ActiveAccountAsync(county, unit, "粉丝号", "Kuaishou");
        (await county.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            daily = new object[]
            {
                new { accountId = k, day = "2026-11-02", posts = 1, likes = 10, followers = 5000 },
                new { accountId = k, day = "2026-11-05", posts = 1, comments = 3 }, // the follower count left out
            },
        })).EnsureSuccessStatusCode();

        var ranking = await county.GetFromJsonAsync<JsonElement>("/api/account-matrix/rankings?platform=Kuaishou&from=2026-11-01&to=2026-11-07");
        // [0.10·ln 3 + 0.76·(0.17·ln 11 + 0.37·ln 4) + 0.14·0.89·ln 5001] × 100 (80.95 with 0 followers).
        Assert.Equal(187.07624616180695, Score(ranking), 8);
    }

    [Fact]
    public async Task Four_powers_reach_compares_within_the_platform_and_an_article_only_account_has_influence_from_its_articles()
    {
        var (unit, county) = await CountyAsync();
        var wechat = await world.ActiveAccountAsync(county, unit, "四力微信", "WeChat");
        var douyin = await world.ActiveAccountAsync(county, unit, "四力抖音", "Douyin");
        (await county.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            // The WeChat account reports articles only: 1000 reads, 50 likes + 10 comments + 40 shares.
            articles = new[] { new { id = "four-1", accountId = wechat, day = "2026-11-02", title = "文", headline = true, reads = 1000, wows = 5, likes = 50, shares = 40, comments = 10 } },
            daily = new[] { new { accountId = douyin, day = "2026-11-02", posts = 1, likes = 3, followers = 20 } },
        })).EnsureSuccessStatusCode();

        var powers = (await county.GetFromJsonAsync<JsonElement>("/api/account-matrix/four-powers?from=2026-11-01&to=2026-11-07"))
            .EnumerateArray().ToDictionary(p => p.GetProperty("accountId").GetGuid(),
                p => p.GetProperty("powers").EnumerateArray().ToDictionary(x => x.GetProperty("name").GetString()!));
        // Each is the best (the only) account of its platform: 传播力 100 for both, though DCI and WCI differ.
        Assert.Equal(100.0, powers[wechat]["传播力"].GetProperty("score").GetDouble());
        Assert.Equal(100.0, powers[douyin]["传播力"].GetProperty("score").GetDouble());
        var interaction = powers[wechat]["影响力"].GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "interaction");
        Assert.Equal(0.1, interaction.GetProperty("raw").GetDouble(), 10);
        Assert.True(powers[wechat]["影响力"].GetProperty("score").GetDouble() > 0);
    }

    [Fact]
    public async Task A_workbook_reads_wan_as_ten_thousand_and_refuses_what_is_not_a_count_naming_the_row()
    {
        var (unit, county) = await CountyAsync();
        await world.ActiveAccountAsync(county, unit, "万号", "Weibo");
        Dictionary<string, object> Row(string day, string followers, string reads) =>
            new() { ["平台"] = "微博", ["账号"] = "万号", ["日期"] = day, ["粉丝数"] = followers, ["阅读数"] = reads };

        var refused = await MatrixWorld.UploadAsync(county, "/api/account-matrix/metrics/import",
            [Row("2026-11-02", "1.2万", "3,500"), Row("2026-11-03", "12.7", "10"), Row("2026-11-04", "100", "1.23456万")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["rows[3].粉丝数", "rows[4].阅读数"], errors.EnumerateObject().Select(e => e.Name).Order().ToArray());
        Assert.Contains("12.7", errors.GetProperty("rows[3].粉丝数")[0].GetString());

        (await MatrixWorld.UploadAsync(county, "/api/account-matrix/metrics/import", [Row("2026-11-02", "1.2万", "3,500"), Row("2026-11-03", "1.5w", "10万+")]))
            .EnsureSuccessStatusCode();
        var stored = await MatrixWorld.DownloadAsync(county, "/api/account-matrix/metrics/export?from=2026-11-01&to=2026-11-07");
        Assert.Equal([(12_000L, 3_500L), (15_000L, 100_001L)], stored.Select(r => (Convert.ToInt64(r["粉丝数"]), Convert.ToInt64(r["阅读数"]))).ToArray());
    }

    [Fact]
    public async Task An_article_belongs_to_its_account_and_duplicate_rows_in_one_upload_are_refused_by_name()
    {
        var (mineUnit, mine) = await CountyAsync();
        var (theirUnit, theirs) = await CountyAsync();
        var ours = await world.ActiveAccountAsync(mine, mineUnit, "本县发布", "WeChat");
        var other = await world.ActiveAccountAsync(theirs, theirUnit, "邻县发布", "WeChat");
        var article = new { id = "own-1", accountId = ours, day = "2026-11-02", title = "冬捕", headline = true, reads = 9000, wows = 90, likes = 300, shares = 200 };
        (await mine.PostAsJsonAsync("/api/account-matrix/metrics", new { articles = new[] { article } })).EnsureSuccessStatusCode();
        var before = Score(await mine.GetFromJsonAsync<JsonElement>("/api/account-matrix/rankings?platform=WeChat&from=2026-11-01&to=2026-11-07"));

        // Another county records the same article id for its own account: refused, and ours keeps its figures.
        var taken = await theirs.PostAsJsonAsync("/api/account-matrix/metrics", new { articles = new[] { article with { accountId = other, reads = 1 } } });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.True((await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("articles[0].id", out _));
        var workbook = await MatrixWorld.UploadAsync(theirs, "/api/account-matrix/metrics/articles/import", [new Dictionary<string, object>
        {
            ["平台"] = "微信公众号", ["账号"] = "邻县发布", ["文章编号"] = "own-1", ["日期"] = "2026-11-02", ["标题"] = "冬捕", ["头条"] = "是", ["阅读数"] = "1",
        }]);
        Assert.Equal(HttpStatusCode.BadRequest, workbook.StatusCode);
        Assert.True((await workbook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("rows[2].id", out _));
        Assert.Equal(before, Score(await mine.GetFromJsonAsync<JsonElement>("/api/account-matrix/rankings?platform=WeChat&from=2026-11-01&to=2026-11-07")));
        // Recording it again for its own account replaces it.
        (await mine.PostAsJsonAsync("/api/account-matrix/metrics", new { articles = new[] { article with { reads = 9001 } } })).EnsureSuccessStatusCode();

        // The same article or day twice in one upload: 400 naming the repeated rows, nothing stored.
        var twice = await mine.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            articles = new[] { article with { id = "own-2" }, article with { id = "own-3" }, article with { id = "own-2", reads = 5 } },
            daily = new[] { new { accountId = ours, day = "2026-11-03", posts = 1 }, new { accountId = ours, day = "2026-11-03", posts = 2 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        var errors = (await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["articles[2].id", "daily[1].day"], errors.EnumerateObject().Select(e => e.Name).Order().ToArray());
        var articles = await MatrixWorld.DownloadAsync(mine, "/api/account-matrix/metrics/articles/export?from=2026-11-01&to=2026-11-07");
        Assert.Equal([("own-1", 9001L)], articles.Select(r => ((string)r["文章编号"]!, Convert.ToInt64(r["阅读数"]))).ToArray());
    }

    private static double Score(JsonElement ranking) => ranking.GetProperty("entries").EnumerateArray().Single().GetProperty("score").GetDouble();

    /// <summary>A county of its own under the city, and its editor.</summary>
    private async Task<(Guid Unit, HttpClient Editor)> CountyAsync()
    {
        var code = "23" + Random.Shared.Next(1000, 9999) + Random.Shared.Next(10, 99);
        var unit = await world.UnitAsync(code, "测试县" + code, "County", world.City);
        return (unit, await world.Host.ClientForAsync(unit, "Editor"));
    }
}
