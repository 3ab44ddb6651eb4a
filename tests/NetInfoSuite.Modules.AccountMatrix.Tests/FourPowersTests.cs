using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

public sealed class FourPowersTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task Each_power_is_explained_by_its_indicators_raw_and_normalised_values_and_weights()
    {
        var a = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安甲", "WeChat");
        var b = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁乙", "WeChat");
        (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            articles = new object[]
            {
                new { id = "p1", accountId = a, day = "2026-11-02", title = "甲", headline = true, reads = 8000, wows = 40, likes = 80, shares = 30 },
                new { id = "p2", accountId = b, day = "2026-11-03", title = "乙", headline = true, reads = 800, wows = 4, likes = 8, shares = 3 },
            },
            daily = new object[]
            {
                new { accountId = a, day = "2026-11-02", followers = 1000, newFollowers = 100, reads = 8000, likes = 80, comments = 20, shares = 30 },
                new { accountId = b, day = "2026-11-03", followers = 1000, newFollowers = 50, reads = 800, likes = 8, comments = 2, shares = 3 },
            },
        })).EnsureSuccessStatusCode();
        var topic = (await (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/topics", new
        {
            title = "专题", from = "2026-11-01", to = "2026-11-07", accounts = new[] { a, b },
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await world.CityAdmin.PostAsJsonAsync($"/api/account-matrix/topics/{topic}/posts", new { posts = new[] { "p1" } })).EnsureSuccessStatusCode();

        var powers = (await world.CityAdmin.GetFromJsonAsync<JsonElement>("/api/account-matrix/four-powers?from=2026-11-01&to=2026-11-07"))
            .EnumerateArray().ToDictionary(p => p.GetProperty("accountId").GetGuid(),
                p => p.GetProperty("powers").EnumerateArray().ToDictionary(x => x.GetProperty("name").GetString()!));

        Assert.Equal(100.0, powers[a]["传播力"].GetProperty("score").GetDouble());
        Assert.True(powers[b]["传播力"].GetProperty("score").GetDouble() is > 0 and < 100);
        // 引导力 = topics (A took part: 1, normalised 1, weight 0.5) and reposts (none anywhere: 0) → 50.
        Assert.Equal(50.0, powers[a]["引导力"].GetProperty("score").GetDouble());
        Assert.Equal(0.0, powers[b]["引导力"].GetProperty("score").GetDouble());
        var topics = powers[a]["引导力"].GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "topics");
        Assert.Equal((1.0, 1.0, 0.5), (topics.GetProperty("raw").GetDouble(), topics.GetProperty("normalised").GetDouble(), topics.GetProperty("weight").GetDouble()));
        // 影响力: follower growth 0.10 vs 0.05 and interaction 130/8000 vs 13/800 (equal) → A 100, B 75.
        Assert.Equal(100.0, powers[a]["影响力"].GetProperty("score").GetDouble());
        Assert.Equal(75.0, powers[b]["影响力"].GetProperty("score").GetDouble());
    }
}
