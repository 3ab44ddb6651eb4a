using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace NetInfoSuite.Modules.JingpoWinterFishing.Tests;

/// <summary>宁安市 tracks its 镜泊湖冬捕 campaign; the plugin is installed for 宁安市 only.</summary>
public sealed class CampaignTests(PostgresServer postgres) : IAsyncLifetime
{
    private TestHost _host = null!;
    private HttpClient _ningan = null!;
    private HttpClient _dongan = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(),
            PluginFolder.With("directory").WithLocal("231084", "jingpo-winter-fishing"));
        var city = await Unit(new { code = "231000", name = "牡丹江市", level = "City" });
        _ningan = await _host.ClientForAsync(await Unit(new { code = "231084", name = "宁安市", level = "County", parentId = city }), "Editor");
        _dongan = await _host.ClientForAsync(await Unit(new { code = "231002", name = "东安区", level = "County", parentId = city }), "Editor");
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Posts_and_their_reach_add_up_by_day_and_participant_and_re_recording_a_post_replaces_it()
    {
        var campaign = await Json(await _ningan.PostAsJsonAsync("/api/jingpo-winter-fishing/campaigns",
            new { name = "2026 镜泊湖冬捕", firstDay = "2026-12-28", lastDay = "2027-01-03" }, Ct));
        var id = campaign.GetProperty("id").GetString();
        // The account matrix is not deployed here: the given name is kept.
        var account = Guid.NewGuid();
        var joined = await _ningan.PostAsJsonAsync($"/api/jingpo-winter-fishing/campaigns/{id}/participants",
            new { kind = "Account", id = account, name = "宁安融媒" }, Ct);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);

        var post = new { participantId = account, title = "冬捕头鱼出水", url = "https://example.org/a", publishedOn = "2026-12-28", reads = 100000, likes = 500, shares = 80 };
        await _ningan.PutAsJsonAsync($"/api/jingpo-winter-fishing/campaigns/{id}/posts", post, Ct);
        await _ningan.PutAsJsonAsync($"/api/jingpo-winter-fishing/campaigns/{id}/posts", post with { reads = 120000 }, Ct);
        await _ningan.PutAsJsonAsync($"/api/jingpo-winter-fishing/campaigns/{id}/posts",
            post with { url = "https://example.org/b", publishedOn = "2026-12-30", reads = 3000 }, Ct);

        var report = await _ningan.GetFromJsonAsync<JsonElement>($"/api/jingpo-winter-fishing/campaigns/{id}/report", Ct);
        Assert.Equal(2, report.GetProperty("posts").GetInt32());
        Assert.Equal(123000, report.GetProperty("reads").GetInt64());
        Assert.Equal(7, report.GetProperty("days").GetArrayLength());
        Assert.Equal(120000, report.GetProperty("days")[0].GetProperty("reads").GetInt64());
        Assert.Equal("宁安融媒", report.GetProperty("participants")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field()
    {
        var badDates = await _ningan.PostAsJsonAsync("/api/jingpo-winter-fishing/campaigns",
            new { name = "冬捕", firstDay = "2027-01-03", lastDay = "2026-12-28" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badDates.StatusCode);
        Assert.True((await Json(badDates)).GetProperty("errors").TryGetProperty("lastDay", out _));

        var id = (await Json(await _ningan.PostAsJsonAsync("/api/jingpo-winter-fishing/campaigns",
            new { name = "冬捕", firstDay = "2026-12-28", lastDay = "2026-12-30" }, Ct))).GetProperty("id").GetString();
        var nameless = await _ningan.PostAsJsonAsync($"/api/jingpo-winter-fishing/campaigns/{id}/participants",
            new { kind = "Personality", id = Guid.NewGuid() }, Ct);
        Assert.True((await Json(nameless)).GetProperty("errors").TryGetProperty("name", out _));

        var person = Guid.NewGuid();
        await _ningan.PostAsJsonAsync($"/api/jingpo-winter-fishing/campaigns/{id}/participants",
            new { kind = "Personality", id = person, name = "冰雪达人" }, Ct);
        var outside = await _ningan.PutAsJsonAsync($"/api/jingpo-winter-fishing/campaigns/{id}/posts",
            new { participantId = person, title = "提前预热", url = "https://example.org/c", publishedOn = "2026-12-01", reads = 1, likes = 0, shares = 0 }, Ct);
        Assert.True((await Json(outside)).GetProperty("errors").TryGetProperty("publishedOn", out _));
    }

    [Fact]
    public async Task Another_county_cannot_reach_the_plugin()
    {
        var response = await _dongan.PostAsJsonAsync("/api/jingpo-winter-fishing/campaigns",
            new { name = "冬捕", firstDay = "2026-12-28", lastDay = "2026-12-30" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<Guid> Unit(object unit) =>
        (await Json(await _host.Client.PostAsJsonAsync("/api/directory/units", unit, Ct))).GetProperty("id").GetGuid();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
