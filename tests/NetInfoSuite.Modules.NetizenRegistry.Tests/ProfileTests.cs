using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

public sealed class ProfileTests(RegistryWorld world) : IClassFixture<RegistryWorld>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_influence_tier_follows_the_largest_platforms_latest_followers_at_the_documented_thresholds()
    {
        var alias = "镜泊雪" + Guid.NewGuid().ToString("N")[..6];
        var profile = await world.ProfileAsync(world.NinganEditor, world.Ningan, alias, followers: 9_999);
        var id = profile.GetProperty("id").GetGuid();
        Assert.Equal("Emerging", profile.GetProperty("tier").GetString());

        async Task<string?> Record(string platform, string handle, long followers)
        {
            var response = await world.NinganEditor.PutAsJsonAsync($"{Api}/profiles/{id}/followers", new { platform, handle, followers }, Ct);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("tier").GetString();
        }

        Assert.Equal("Growing", await Record("Douyin", alias + "_dy", 10_000));
        Assert.Equal("Major", await Record("Weibo", alias + "_wb", 100_000));
        Assert.Equal("Top", await Record("Weibo", alias + "_wb", 1_000_000));
        // The same day's reading replaces the earlier one: the tier falls back with it.
        Assert.Equal("Growing", await Record("Weibo", alias + "_wb", 99_999));
        var detail = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{id}", Ct);
        Assert.Equal(2, detail.GetProperty("platforms").GetArrayLength());
        Assert.Equal(1, detail.GetProperty("platforms")[1].GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task A_profile_is_corrected_its_consent_given_and_a_new_mobile_number_sealed_found_and_recorded_as_processing()
    {
        var alias = "牡丹江阿强" + Guid.NewGuid().ToString("N")[..6];
        var person = NewPerson();
        var id = await world.PersonAsync(world.NinganEditor, world.Ningan, alias, person);
        var newMobile = NewPerson().Mobile;

        var refused = await world.NinganEditor.PutAsJsonAsync($"{Api}/profiles/{id}", new { alias, field = "OnlineWriter", unitId = world.Ningan, consent = "Consented" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode); // consent without its date
        var problem = await refused.Content.ReadAsStringAsync(Ct);
        Assert.True(JsonDocument.Parse(problem).RootElement.GetProperty("errors").TryGetProperty("consentOn", out _), problem);

        var edited = await world.NinganEditor.PutAsJsonAsync($"{Api}/profiles/{id}", new
        {
            alias = alias + "改", field = "OnlineWriter", unitId = world.Ningan, consent = "Consented", consentOn = "2026-11-20", tags = new[] { "作家" },
            contact = new { mobile = newMobile },
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var view = await edited.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(alias + "改", view.GetProperty("alias").GetString());
        Assert.Equal("Consented", view.GetProperty("consent").GetString());
        Assert.Contains($"{newMobile[..3]}****{newMobile[^4..]}", view.ToString());
        var byNew = await (await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/find-by-mobile", new { mobile = newMobile }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var byOld = await (await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/find-by-mobile", new { mobile = person.Mobile }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains(byNew.EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        Assert.DoesNotContain(byOld.EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        var records = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{id}/processing", Ct);
        Assert.Equal("Changed", records[0].GetProperty("kind").GetString());
        // The name given at registration is kept (only the mobile number was given), and nothing is stored in plain text.
        var revealed = await (await world.NinganOfficer.PostAsJsonAsync($"{Api}/profiles/{id}/reveal", new { purpose = "核对更正后的联系方式" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(person.Name, revealed.GetProperty("realName").GetString());
        Assert.Equal(newMobile, revealed.GetProperty("mobile").GetString());
        Assert.DoesNotContain(newMobile, await EveryRowAsync(world.Host.ConnectionString));
    }

    [Fact]
    public async Task Profiles_are_listed_searched_and_shown_on_the_console_page_by_name()
    {
        var alias = "雪乡阿峰" + Guid.NewGuid().ToString("N")[..6];
        var id = (await world.ProfileAsync(world.NinganEditor, world.Ningan, alias, followers: 250_000)).GetProperty("id").GetGuid();

        var found = await world.CityAdmin.GetFromJsonAsync<JsonElement>($"{Api}/profiles?search={Uri.EscapeDataString(alias[..6])}&tier=Major", Ct);
        Assert.Contains(found.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        var page = await world.NinganEditor.GetStringAsync("/netizen-registry", Ct);
        Assert.Contains(alias, page);
        Assert.Contains("宁安市", page);                 // the unit by name
        Assert.Contains("腰部", page);                   // the tier in words
        Assert.Contains("href=\"/netizen-registry\"", page); // its navigation link
        var detail = await world.NinganEditor.GetStringAsync($"/netizen-registry/profiles/{id}", Ct);
        Assert.Contains(alias, detail);
        Assert.Contains("抖音", detail);
        Assert.DoesNotContain(">Douyin<", detail); // the platform in words, not its code
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_nothing_is_stored()
    {
        var alias = "空白" + Guid.NewGuid().ToString("N")[..6];
        var response = await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles", new
        {
            alias = "", field = "SelfMedia", unitId = world.Ningan, consent = "Consented",
            platforms = new[] { new { platform = "Douyin", handle = alias, followers = -1 } },
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("alias", out _));
        Assert.True(errors.TryGetProperty("consentOn", out _));
        Assert.True(errors.TryGetProperty("platforms[0].followers", out _));

        var elsewhere = await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles", new { alias, field = "SelfMedia", unitId = world.Dongning, consent = "NotInformed" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.True((await elsewhere.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("unitId", out _));
        var listed = await world.CityAdmin.GetFromJsonAsync<JsonElement>($"{Api}/profiles?search={alias}", Ct);
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_viewer_and_a_grid_operator_do_not_see_the_registry()
    {
        var viewer = await world.Host.ClientForAsync(world.Ningan, "Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"{Api}/profiles", Ct)).StatusCode);
        var operatorClient = await world.Host.ClientForAsync(world.Ningan, "GridOperator");
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync($"{Api}/profiles",
            new { alias = "x", field = "Other", unitId = world.Ningan, consent = "NotInformed" }, Ct)).StatusCode);
    }
}
