using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

/// <summary>Push volume per county, app downloads against population, and the per-unit summary for inspection.</summary>
public sealed class DashboardTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task Push_volume_counts_posts_per_day_for_the_matrix_and_each_county()
    {
        var wechat = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安推送号", "WeChat");
        var weibo = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁推送微博", "Weibo");
        (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            daily = new object[]
            {
                new { accountId = wechat, day = "2026-10-02", posts = 1 },   // two articles recorded that day: 2 count
                new { accountId = weibo, day = "2026-10-02", posts = 3 },
                new { accountId = weibo, day = "2026-10-03", posts = 1 },
            },
            articles = new object[]
            {
                new { id = "p1", accountId = wechat, day = "2026-10-02", title = "一", headline = true, reads = 1 },
                new { id = "p2", accountId = wechat, day = "2026-10-02", title = "二", headline = false, reads = 1 },
            },
        })).EnsureSuccessStatusCode();

        var city = await world.CityAdmin.GetFromJsonAsync<JsonElement>("/api/account-matrix/dashboards/push-volume?from=2026-10-01&to=2026-10-03");
        Assert.Equal([0L, 5, 1], Longs(city.GetProperty("total")));
        var units = city.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetGuid(), u => Longs(u.GetProperty("values")));
        Assert.Equal([0L, 2, 0], units[world.Ningan]);
        Assert.Equal([0L, 3, 1], units[world.Dongning]);

        var ningan = await world.NinganEditor.GetFromJsonAsync<JsonElement>("/api/account-matrix/dashboards/push-volume?from=2026-10-01&to=2026-10-03");
        Assert.Equal([0L, 2, 0], Longs(ningan.GetProperty("total")));
    }

    [Fact]
    public async Task App_downloads_are_set_against_each_countys_population()
    {
        var ningan = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安发布客户端", "CountyApp");
        var dongning = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁客户端", "CountyApp");
        (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            daily = new object[]
            {
                new { accountId = ningan, day = "2026-11-01", downloads = 50_000 },
                new { accountId = ningan, day = "2026-11-20", downloads = 52_000 },   // after the date asked
                new { accountId = dongning, day = "2026-11-10", downloads = 8_000 },
            },
        })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await world.NinganEditor.PutAsJsonAsync($"/api/account-matrix/population/{world.Ningan}", new { population = 440_000, year = 2025 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.NinganEditor.PutAsJsonAsync($"/api/account-matrix/population/{world.Dongning}", new { population = 1, year = 2025 })).StatusCode);
        var notCounty = await world.CityAdmin.PutAsJsonAsync($"/api/account-matrix/population/{world.City}", new { population = 2_290_000, year = 2025 });
        Assert.True((await notCounty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("unitId", out _));

        var counties = (await world.CityAdmin.GetFromJsonAsync<JsonElement>("/api/account-matrix/dashboards/app-downloads?at=2026-11-15"))
            .EnumerateArray().ToDictionary(c => c.GetProperty("unitId").GetGuid());

        Assert.Equal(50_000, counties[world.Ningan].GetProperty("downloads").GetInt64());
        Assert.Equal(11.36, counties[world.Ningan].GetProperty("perHundredResidents").GetDouble()); // 50,000 ÷ 440,000 × 100
        Assert.Equal(8_000, counties[world.Dongning].GetProperty("downloads").GetInt64());
        Assert.Equal(JsonValueKind.Null, counties[world.Dongning].GetProperty("population").ValueKind);
    }

    [Fact]
    public async Task The_summary_of_a_unit_gathers_its_matrix_for_the_inspection_score_card()
    {
        var unit = await world.UnitAsync("231086101", "东宁一街", "Street", world.Dongning);
        var editor = await world.Host.ClientForAsync(unit, "Editor");
        var weibo = await world.ActiveAccountAsync(editor, unit, "一街微博", "Weibo");
        var registered = await editor.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name = "一街新闻", platform = "Toutiao", handle = "yj-news", category = "News", ownerUnitId = unit,
            licence = new { number = "2312", issuer = "省网信办", validFrom = "2026-04-01", validTo = "2030-03-31" }, // not yet valid in March
        });
        registered.EnsureSuccessStatusCode();
        (await editor.PostAsJsonAsync("/api/account-matrix/metrics",
            new { daily = new[] { new { accountId = weibo, day = "2026-03-02", posts = 3 }, new { accountId = weibo, day = "2026-04-02", posts = 9 } } })).EnsureSuccessStatusCode();
        (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/training", new
        {
            date = "2026-03-10", topic = "运营", trainer = "市委网信办", attendees = new[] { new { name = "甲", unitId = unit }, new { name = "乙", unitId = unit }, new { name = "丙", unitId = world.Ningan } },
        })).EnsureSuccessStatusCode();

        var summary = await world.DongningEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/summary?unit={unit}&from=2026-03-01&to=2026-03-31");

        Assert.Equal(2, summary.GetProperty("accounts").GetInt32());
        Assert.Equal(1, summary.GetProperty("activeAccounts").GetInt32());                  // the news account is still Applied
        Assert.Equal(1, summary.GetProperty("newsAccountsWithoutValidLicence").GetInt32()); // its licence starts in April
        Assert.Equal(1, summary.GetProperty("dormant").GetInt32());                        // the Weibo account: last post 03-02, 29 days before 03-31
        Assert.Equal(3, summary.GetProperty("posts").GetInt64());
        Assert.Equal(1, summary.GetProperty("trainingSessions").GetInt32());
        Assert.Equal(2, summary.GetProperty("trainingAttendees").GetInt32());
        Assert.Equal(0, summary.GetProperty("messages").GetProperty("received").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await world.NinganEditor.GetAsync($"/api/account-matrix/summary?unit={unit}&period=month&at=2026-03-01")).StatusCode);
    }

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt64()).ToArray();
}
