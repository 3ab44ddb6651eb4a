using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.NetizenRegistry;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>Good netizens, the interaction log, field trips and the unit summary inspection reads.</summary>
public sealed class GoodNetizenAndTripTests(RegistryWorld world) : IClassFixture<RegistryWorld>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_field_trips_content_is_updated_by_url_topic_reads_are_running_totals_and_closing_tells_other_modules()
    {
        var a = (await world.ProfileAsync(world.NinganEditor, world.Ningan, "林海" + Guid.NewGuid().ToString("N")[..6])).GetProperty("id").GetGuid();
        var b = (await world.ProfileAsync(world.NinganEditor, world.Ningan, "雪原" + Guid.NewGuid().ToString("N")[..6])).GetProperty("id").GetGuid();
        var name = "镜泊胜景·林海雪原" + Guid.NewGuid().ToString("N")[..4];
        var trip = await Json(await world.NinganEditor.PostAsJsonAsync($"{Api}/trips",
            new { name, from = "2026-01-10", to = "2026-01-12", places = new[] { "镜泊湖", "雪乡" }, unitId = world.Ningan }, Ct));
        var id = trip.GetProperty("id").GetGuid();

        (await world.NinganEditor.PostAsJsonAsync($"{Api}/trips/{id}/participants", new { profiles = new[] { a, b } }, Ct)).EnsureSuccessStatusCode();
        var piece = new { profileId = a, platform = "Douyin", url = "https://example.org/v/1", title = "冰湖开凿", reads = 50_000, likes = 900 };
        (await world.NinganEditor.PutAsJsonAsync($"{Api}/trips/{id}/contents", piece, Ct)).EnsureSuccessStatusCode();
        (await world.NinganEditor.PutAsJsonAsync($"{Api}/trips/{id}/contents", piece with { reads = 80_000 }, Ct)).EnsureSuccessStatusCode();
        (await world.NinganEditor.PutAsJsonAsync($"{Api}/trips/{id}/contents", piece with { profileId = b, url = "https://example.org/v/2", reads = 20_000 }, Ct)).EnsureSuccessStatusCode();
        (await world.NinganEditor.PutAsJsonAsync($"{Api}/trips/{id}/topics", new { topic = "#镜泊胜景林海雪原#", reads = 1_000_000 }, Ct)).EnsureSuccessStatusCode();
        var latest = await Json(await world.NinganEditor.PutAsJsonAsync($"{Api}/trips/{id}/topics", new { topic = "镜泊胜景林海雪原", reads = 3_000_000 }, Ct));
        var stranger = await world.NinganEditor.PutAsJsonAsync($"{Api}/trips/{id}/contents", piece with { profileId = Guid.NewGuid(), url = "https://example.org/v/3" }, Ct);

        Assert.Equal(2, latest.GetProperty("contents").GetArrayLength());
        Assert.Equal(100_000, latest.GetProperty("contentReads").GetInt64());
        Assert.Equal(3_000_000, latest.GetProperty("topicReads").GetInt64()); // the same day's reading replaced
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);

        var closed = await world.NinganEditor.PostAsync($"{Api}/trips/{id}/close", null, Ct);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await world.NinganEditor.PutAsJsonAsync($"{Api}/trips/{id}/topics", new { topic = "x", reads = 1 }, Ct)).StatusCode);
        await using var conn = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new Npgsql.NpgsqlCommand("select count(*) from platform.outbox where body::text like '%' || $1 || '%'", conn) { Parameters = { new() { Value = id.ToString() } } };
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync(Ct))!); // CampaignClosed, committed with the close

        var page = await world.NinganEditor.GetStringAsync("/netizen-registry/trips", Ct);
        Assert.Contains(name, page);
        Assert.Contains("2026", page); // the year's totals
        var detail = await world.NinganEditor.GetStringAsync($"/netizen-registry/trips/{id}", Ct);
        Assert.Contains("冰湖开凿", detail);
        Assert.Contains("已结束", detail);
    }

    [Fact]
    public async Task The_unit_summary_counts_personalities_by_field_and_tier_good_netizens_honours_and_trip_reach_in_the_subtree()
    {
        var street = await world.UnitAsync("2310841" + Random.Shared.Next(10, 99), "镜泊镇" + Guid.NewGuid().ToString("N")[..4], "Street", world.Ningan);
        var top = (await world.ProfileAsync(world.NinganEditor, street, "头部" + Guid.NewGuid().ToString("N")[..6], 2_000_000, "Streamer")).GetProperty("id").GetGuid();
        var writer = (await world.ProfileAsync(world.NinganEditor, street, "作家" + Guid.NewGuid().ToString("N")[..6], 500, "OnlineWriter")).GetProperty("id").GetGuid();
        await world.ProfileAsync(world.DongningEditor, world.Dongning, "东宁" + Guid.NewGuid().ToString("N")[..6]); // another county: not counted
        (await world.NinganEditor.PutAsJsonAsync($"{Api}/profiles/{top}/typical", new
        {
            story = "长期宣传镜泊湖冬捕", recognisedOn = "2026-03-01", publications = new[] { new { platform = "中国文明网", url = "https://example.org/story" } },
        }, Ct)).EnsureSuccessStatusCode();
        (await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/{top}/honours", new { title = "全国好网民", level = "National", issuer = "中央网信办", awardedOn = "2026-05-01" }, Ct)).EnsureSuccessStatusCode();
        (await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/{writer}/honours", new { title = "市级好网民", level = "City", issuer = "牡丹江市委网信办", awardedOn = "2025-05-01" }, Ct)).EnsureSuccessStatusCode();
        var trip = (await Json(await world.NinganEditor.PostAsJsonAsync($"{Api}/trips", new { name = "童话雪乡", from = "2026-02-01", to = "2026-02-02", unitId = street }, Ct))).GetProperty("id").GetGuid();
        (await world.NinganEditor.PostAsJsonAsync($"{Api}/trips/{trip}/participants", new { profiles = new[] { top, writer } }, Ct)).EnsureSuccessStatusCode();
        (await world.NinganEditor.PutAsJsonAsync($"{Api}/trips/{trip}/contents", new { profileId = top, platform = "Douyin", url = "https://example.org/s/1", reads = 7000, likes = 1 }, Ct)).EnsureSuccessStatusCode();
        (await world.NinganEditor.PostAsJsonAsync($"{Api}/interactions", new { kind = "Forum", on = "2026-06-01", profiles = new[] { top, writer }, staff = "宣传科", summary = "座谈冬捕宣传" }, Ct)).EnsureSuccessStatusCode();

        var summary = await world.Host.SendAsSystemAsync(new GetNetizenSummary(new OrgUnitId(street), new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));

        Assert.Equal(2, summary.Personalities);
        Assert.Equal(1, summary.ByField.Single(f => f.Code == "Streamer").Count);
        Assert.Equal("网络作家", summary.ByField.Single(f => f.Code == "OnlineWriter").Name.ZhCn);
        Assert.Equal(1, summary.ByTier.Single(t => t.Code == "Top").Count);
        Assert.Equal(1, summary.TypicalGoodNetizens);
        Assert.Equal(1, summary.Honours); // the 2025 honour is outside the period
        Assert.Equal(1, summary.HonoursByLevel.Single(l => l.Code == "National").Count);
        Assert.Equal((1, 2, 7000L), (summary.Campaigns, summary.CampaignParticipants, summary.ContentReads));

        var outsider = await world.DongningEditor.GetAsync($"{Api}/summary?unit={street}&from=2026-01-01&to=2026-12-31", Ct);
        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        var log = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{writer}/interactions", Ct);
        Assert.Equal("座谈冬捕宣传", log[0].GetProperty("summary").GetString());
        var good = await world.NinganEditor.GetStringAsync("/netizen-registry/good-netizens", Ct);
        Assert.Contains("全国好网民", good);
        Assert.Contains("国家级", good);
        var profilePage = await world.NinganEditor.GetStringAsync($"/netizen-registry/profiles/{writer}", Ct);
        Assert.Contains("座谈会", profilePage);
    }

    [Fact]
    public async Task The_association_lists_its_members_and_activities_with_attendance_and_the_home_page_shows_the_registrys_cards()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var chair = (await world.ProfileAsync(world.NinganEditor, world.Ningan, "会长" + tag)).GetProperty("id").GetGuid();
        var left = (await world.ProfileAsync(world.NinganEditor, world.Ningan, "前会员" + tag)).GetProperty("id").GetGuid();
        (await world.NinganEditor.PutAsJsonAsync($"{Api}/profiles/{chair}/association", new { role = "会长", since = "2024-03-01" }, Ct)).EnsureSuccessStatusCode();
        (await world.NinganEditor.PutAsJsonAsync($"{Api}/profiles/{left}/association", new { role = "会员", since = "2024-03-01", until = "2025-12-31" }, Ct)).EnsureSuccessStatusCode();
        var backwards = await world.NinganEditor.PutAsJsonAsync($"{Api}/profiles/{left}/association", new { role = "会员", since = "2024-03-01", until = "2023-12-31" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        (await world.NinganEditor.PostAsJsonAsync($"{Api}/interactions", new
        {
            kind = "AssociationActivity", on = "2026-06-01", profiles = new[] { chair, left }, summary = "协会年会" + tag,
        }, Ct)).EnsureSuccessStatusCode();

        var association = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/association", Ct);

        var members = association.GetProperty("members").EnumerateArray().Where(m => m.GetProperty("alias").GetString()!.EndsWith(tag)).ToList();
        Assert.Equal(["会长" + tag, "前会员" + tag], members.Select(m => m.GetProperty("alias").GetString())); // current members first
        var activity = association.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("summary").GetString() == "协会年会" + tag);
        Assert.Equal(2, activity.GetProperty("profiles").GetArrayLength());
        var page = await world.NinganEditor.GetStringAsync("/netizen-registry/association", Ct);
        Assert.Contains("协会年会" + tag, page);
        Assert.Contains("会长" + tag, page);
        var home = await world.NinganEditor.GetStringAsync("/", Ct);
        Assert.Contains("网络人士", home);
        Assert.Contains("href=\"/netizen-registry/duplicates\"", home);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
