using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>Many people acting on one field trip or one profile at the same moment: whatever answered 200 is kept, a trip
/// closes once (told to other modules once), and an officer's edit does not undo an honour added meanwhile.</summary>
public sealed class TripAndProfileRaceTests(RegistryWorld world) : IClassFixture<RegistryWorld>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Guid> TripAsync() =>
        (await SelectionWorld.Json(await world.NinganEditor.PostAsJsonAsync($"{Api}/trips",
            new { name = "并发采风" + Guid.NewGuid().ToString("N")[..6], from = "2026-01-10", to = "2026-01-12", unitId = world.Ningan }, Ct)))
        .GetProperty("id").GetGuid();

    private async Task<Guid> PersonalityAsync(string alias) =>
        (await world.ProfileAsync(world.NinganEditor, world.Ningan, alias + Guid.NewGuid().ToString("N")[..6])).GetProperty("id").GetGuid();

    private async Task<JsonElement> TripViewAsync(Guid id) => await SelectionWorld.Json(await world.NinganEditor.GetAsync($"{Api}/trips/{id}", Ct));

    private static void AllOk(IReadOnlyList<HttpResponseMessage> answers) =>
        Assert.All(answers, a => Assert.True(a.StatusCode == HttpStatusCode.OK, $"{(int)a.StatusCode} {a.Content.ReadAsStringAsync().Result}"));

    [Fact]
    public async Task Twenty_personalities_joining_one_trip_at_once_are_all_kept()
    {
        var id = await TripAsync();
        var profiles = new List<Guid>();
        for (var i = 0; i < 20; i++) profiles.Add(await PersonalityAsync($"并发参加{i}-"));

        var answers = await Task.WhenAll(profiles.Select(p => world.NinganEditor.PostAsJsonAsync($"{Api}/trips/{id}/participants", new { profiles = new[] { p } }, Ct)));

        AllOk(answers);
        var stored = (await TripViewAsync(id)).GetProperty("participants").EnumerateArray().Select(p => p.GetGuid()).ToList();
        Assert.Equal(profiles.Order(), stored.Order());
    }

    [Fact]
    public async Task Twenty_pieces_and_topic_readings_recorded_on_one_trip_at_once_are_all_kept()
    {
        var id = await TripAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? world.NinganEditor.PutAsJsonAsync($"{Api}/trips/{id}/contents",
                new { platform = "Douyin", url = $"https://example.org/race/{i}", title = $"作品{i}", reads = 1000, likes = 10 }, Ct)
            : world.NinganEditor.PutAsJsonAsync($"{Api}/trips/{id}/topics", new { topic = $"并发话题{i}", reads = 100 }, Ct)));

        AllOk(answers);
        var view = await TripViewAsync(id);
        Assert.Equal(10, view.GetProperty("contents").GetArrayLength());
        Assert.Equal(10_000, view.GetProperty("contentReads").GetInt64());
        Assert.Equal(10, view.GetProperty("topics").GetArrayLength());
        Assert.Equal(1_000, view.GetProperty("topicReads").GetInt64());
    }

    [Fact]
    public async Task A_trip_closed_twenty_times_at_once_closes_once_and_tells_other_modules_once()
    {
        var id = await TripAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => world.NinganEditor.PostAsync($"{Api}/trips/{id}/close", null, Ct)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK)) await ExportRaceTests.RefusedAsync(refused, "采风活动已结束");
        Assert.True((await TripViewAsync(id)).GetProperty("closed").GetBoolean());
        await using var conn = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new Npgsql.NpgsqlCommand("select count(*) from platform.outbox where body::text like '%' || $1 || '%'", conn)
            { Parameters = { new() { Value = id.ToString() } } };
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync(Ct))!); // CampaignClosed, once
    }

    [Fact]
    public async Task Honours_added_while_two_officers_edit_other_fields_of_the_profile_are_all_kept()
    {
        var id = await PersonalityAsync("并发荣誉");
        var alias = "改名" + Guid.NewGuid().ToString("N")[..6];
        var titles = Enumerable.Range(0, 18).Select(i => $"并发荣誉{i}").ToList();

        var answers = await Task.WhenAll(titles.Select(t => world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/{id}/honours",
                new { title = t, level = "County", issuer = "宁安市委网信办", awardedOn = "2026-11-20" }, Ct))
            .Append(world.NinganOfficer.PutAsJsonAsync($"{Api}/profiles/{id}", new
            {
                alias, field = "SelfMedia", unitId = world.Ningan, consent = "Consented", consentOn = "2026-11-01", tags = new[] { "冬捕", "并发" },
            }, Ct))
            .Append(world.NinganEditor.PutAsJsonAsync($"{Api}/profiles/{id}/association", new { role = "理事", since = "2026-01-01" }, Ct)));

        AllOk(answers);
        var view = await SelectionWorld.Json(await world.NinganEditor.GetAsync($"{Api}/profiles/{id}", Ct));
        Assert.Equal(titles.Order(), view.GetProperty("honours").EnumerateArray().Select(h => h.GetProperty("title").GetString()!).Order());
        Assert.Equal(alias, view.GetProperty("alias").GetString());
        Assert.Equal("理事", view.GetProperty("association").GetProperty("role").GetString());
    }
}
