using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Contracts.AccountMatrix;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

/// <summary>Period presets, an account's score over time, the most influential lists and the ranking contract.
/// WCI figures are hand-computed from the formula (one 1,000-read article, no interactions, not a headline:
/// O = S(1000 ÷ d), A = P = S(1000), H = 0).</summary>
public sealed class PeriodTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task Rankings_take_a_week_month_quarter_or_year_and_compare_with_the_previous_calendar_period()
    {
        var a = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安周报", "WeChat", secondReason: "周报"); // the class's tests share the world
        await Articles(("m1", a, "2026-10-15", 1000), ("m2", a, "2026-11-04", 1000));

        var week = await Rank("period=week&at=2026-11-04");
        Assert.Equal(("2026-11-01", "2026-11-07"), Dates(week));
        Assert.Equal((150.19, 0.0), Score(week, a));                      // d = 7; the week before had no article

        var month = await Rank("period=month&at=2026-11-04");
        Assert.Equal(("2026-11-01", "2026-11-30"), Dates(month));
        Assert.Equal((103.44, 102.5), Score(month, a));                   // d = 30; October: d = 31, not the 30 days before

        var quarter = await Rank("period=quarter&at=2026-11-04");
        Assert.Equal(("2026-10-01", "2026-12-31"), Dates(quarter));
        Assert.Equal(91.61, Score(quarter, a).Score);                     // two articles, d = 92

        Assert.Equal(("2026-01-01", "2026-12-31"), Dates(await Rank("period=year&at=2026-11-04")));
        Assert.Equal(59.98, Score(await Rank("period=year&at=2026-11-04"), a).Score);

        var neither = await world.CityAdmin.GetAsync("/api/account-matrix/rankings?platform=WeChat");
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.True((await neither.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("period", out _));
    }

    [Fact]
    public async Task An_accounts_score_over_time_is_its_score_in_each_periods_ranking()
    {
        var a = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁月报", "WeChat", secondReason: "月报");
        await Articles(("s1", a, "2026-08-10", 1000));

        var points = (await world.DongningEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/accounts/{a}/scores?period=month&count=3&until=2026-10-15"))
            .EnumerateArray().Select(p => (p.GetProperty("from").GetString(), Math.Round(p.GetProperty("score").GetDouble(), 2))).ToArray();

        Assert.Equal([("2026-07-01", 0.0), ("2026-08-01", 102.5), ("2026-09-01", 0.0)], points); // August has 31 days
        var website = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁网站", "Website", secondReason: "网站");
        Assert.Equal(HttpStatusCode.BadRequest, (await world.DongningEditor.GetAsync($"/api/account-matrix/accounts/{website}/scores")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.NinganEditor.GetAsync($"/api/account-matrix/accounts/{a}/scores")).StatusCode);
    }

    [Fact]
    public async Task The_most_influential_lists_pick_by_category_level_and_platform()
    {
        var department = await world.UnitAsync("231000901", "市融媒体中心", "Department", world.City);
        var county = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安政务微信", "WeChat", secondReason: "政务");
        var city = await world.ActiveAccountAsync(world.CityAdmin, department, "市直政务微信", "WeChat", secondReason: "市直");
        var news = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁新闻微博", "Weibo", "News");
        var service = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安服务抖音", "Douyin", "Service");
        var service2 = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁服务抖音", "Douyin", "Service");
        await Articles(("i1", county, "2026-09-07", 5000), ("i2", city, "2026-09-08", 10));
        (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            daily = new object[]
            {
                new { accountId = news, day = "2026-09-07", posts = 3, originalPosts = 3, comments = 2, originalComments = 2, likes = 10 },
                new { accountId = service, day = "2026-09-08", posts = 1, likes = 10, comments = 1, followers = 500 },
                new { accountId = service2, day = "2026-09-08", posts = 1, likes = 1, followers = 50 },
            },
        })).EnsureSuccessStatusCode();

        var lists = (await world.CityAdmin.GetFromJsonAsync<JsonElement>("/api/account-matrix/rankings/influential?period=week&at=2026-09-09"))
            .EnumerateArray().ToDictionary(l => l.GetProperty("key").GetString()!,
                l => l.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("accountId").GetGuid(), Math.Round(e.GetProperty("reach").GetDouble(), 1))).ToArray());

        Assert.Equal([(county, 100.0), (city, Math.Round(100 * 9.21 / 248.34, 1))], lists["government-wechat"]);
        Assert.Equal([(county, 100.0)], lists["county-government"]);        // the city department's account is not a county's
        Assert.Equal([(news, 100.0)], lists["news"]);
        Assert.Equal(service, lists["service"][0].Item1);
        Assert.Equal(service2, lists["service"][1].Item1);
        Assert.True(lists["service"][1].Item2 < 100);
    }

    [Fact]
    public async Task The_ranking_contract_gives_what_the_api_gives()
    {
        var a = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安合同号", "Kuaishou");
        (await world.NinganEditor.PostAsJsonAsync("/api/account-matrix/metrics",
            new { daily = new[] { new { accountId = a, day = "2026-06-03", posts = 1, likes = 10, comments = 1, followers = 500 } } })).EnsureSuccessStatusCode();

        var contract = await world.Host.SendAsSystemAsync(new GetAccountRanking("Kuaishou", new DateOnly(2026, 5, 31), new DateOnly(2026, 6, 6)));
        var api = await world.CityAdmin.GetFromJsonAsync<JsonElement>("/api/account-matrix/rankings?platform=Kuaishou&from=2026-05-31&to=2026-06-06");

        Assert.Equal("DCI", contract.Formula.Split(' ')[0]);
        Assert.Equal(api.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("accountId").GetGuid(), e.GetProperty("score").GetDouble())),
            contract.Entries.Select(e => (e.AccountId, e.Score)));
        Assert.Equal(134.86, Math.Round(contract.Entries.Single(e => e.AccountId == a).Score, 2));
    }

    private async Task Articles(params (string Id, Guid Account, string Day, long Reads)[] articles) =>
        (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            articles = articles.Select(x => new { id = x.Id, accountId = x.Account, day = x.Day, title = x.Id, headline = false, reads = x.Reads }),
        })).EnsureSuccessStatusCode();

    private async Task<JsonElement> Rank(string period) =>
        await world.CityAdmin.GetFromJsonAsync<JsonElement>($"/api/account-matrix/rankings?platform=WeChat&{period}");

    private static (string?, string?) Dates(JsonElement ranking) => (ranking.GetProperty("from").GetString(), ranking.GetProperty("to").GetString());

    private static (double Score, double Previous) Score(JsonElement ranking, Guid account)
    {
        var entry = ranking.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("accountId").GetGuid() == account);
        // The API keeps full precision; the figures here are the two decimals a page shows.
        return (Math.Round(entry.GetProperty("score").GetDouble(), 2), Math.Round(entry.GetProperty("previousScore").GetDouble(), 2));
    }
}
