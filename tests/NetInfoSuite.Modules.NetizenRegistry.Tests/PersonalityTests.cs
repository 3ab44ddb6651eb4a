using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Contracts.NetizenRegistry;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>The contract GetPersonality, as 宁安市's 镜泊湖冬捕 plugin asks it: with the registry deployed a personality
/// joins by id and shows its alias; without it the plugin keeps the name given.</summary>
public sealed class PersonalityTests(RegistryWorld world, PostgresServer postgres) : IClassFixture<RegistryWorld>
{
    private const string Fishing = "/api/jingpo-winter-fishing";
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_winter_fishing_plugin_shows_the_registered_alias_of_a_personality_of_its_county()
    {
        var alias = "冬捕达人" + Guid.NewGuid().ToString("N")[..6];
        var person = (await world.ProfileAsync(world.NinganEditor, world.Ningan, alias)).GetProperty("id").GetGuid();
        var campaign = await Campaign(world.NinganEditor);

        var joined = await world.NinganEditor.PostAsJsonAsync($"{Fishing}/campaigns/{campaign}/participants", new { kind = "Personality", id = person }, Ct);

        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal(alias, (await joined.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("name").GetString());
        var report = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Fishing}/campaigns/{campaign}/report", Ct);
        Assert.Equal(alias, report.GetProperty("participants")[0].GetProperty("name").GetString());
        Assert.Equal(new PersonalityInfo(person, alias), await world.Host.SendAsSystemAsync(new GetPersonality(person)));
    }

    [Fact]
    public async Task A_personality_who_consented_is_shown_to_the_plugin_by_real_name_and_nothing_else_of_theirs()
    {
        var (name, mobile, _, _) = RegistryWorld.NewPerson();
        var alias = "冬捕摄影" + Guid.NewGuid().ToString("N")[..6];
        var registered = await world.NinganEditor.PostAsJsonAsync("/api/netizen-registry/profiles", new
        {
            alias, field = "SelfMedia", unitId = world.Ningan, consent = "Consented", consentOn = "2026-11-01",
            platforms = new[] { new { platform = "Douyin", handle = alias + "_dy", followers = 20_000 } }, contact = new { realName = name, mobile },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var person = (await registered.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var campaign = await Campaign(world.NinganEditor);

        var joined = await world.NinganEditor.PostAsJsonAsync($"{Fishing}/campaigns/{campaign}/participants", new { kind = "Personality", id = person }, Ct);

        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var report = await world.NinganEditor.GetStringAsync($"{Fishing}/campaigns/{campaign}/report", Ct);
        Assert.Contains(name, report);
        Assert.DoesNotContain(mobile, report);
        Assert.Equal(new PersonalityInfo(person, name), await world.Host.SendAsSystemAsync(new GetPersonality(person)));
    }

    [Fact]
    public async Task Another_countys_personality_is_unknown_to_the_plugin()
    {
        var person = (await world.ProfileAsync(world.DongningEditor, world.Dongning, "东宁" + Guid.NewGuid().ToString("N")[..6])).GetProperty("id").GetGuid();
        var campaign = await Campaign(world.NinganEditor);

        var joined = await world.NinganEditor.PostAsJsonAsync($"{Fishing}/campaigns/{campaign}/participants", new { kind = "Personality", id = person }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, joined.StatusCode); // not found in the registry for 宁安市: a name is asked for
        Assert.True((await joined.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Without_the_registry_the_plugin_keeps_the_name_given()
    {
        await using var host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(),
            PluginFolder.With("directory").WithLocal("231084", "jingpo-winter-fishing"));
        var city = await Unit(host, new { code = "231000", name = "牡丹江市", level = "City" });
        var editor = await host.ClientForAsync(await Unit(host, new { code = "231084", name = "宁安市", level = "County", parentId = city }), "Editor");
        var campaign = await Campaign(editor);

        var joined = await editor.PostAsJsonAsync($"{Fishing}/campaigns/{campaign}/participants", new { kind = "Personality", id = Guid.NewGuid(), name = "冰雪达人" }, Ct);

        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal("冰雪达人", (await joined.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("name").GetString());
    }

    private async Task<Guid> Campaign(HttpClient editor) =>
        (await (await editor.PostAsJsonAsync($"{Fishing}/campaigns", new { name = "2026 镜泊湖冬捕", firstDay = "2026-12-28", lastDay = "2027-01-03" }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

    private async Task<Guid> Unit(TestHost host, object unit) =>
        (await (await host.Client.PostAsJsonAsync("/api/directory/units", unit, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
}
