using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>The platform's scope sweep for the registry: 宁安市's personalities are out of reach of 东宁市's editor.</summary>
public sealed class ScopeSweepTests(RegistryWorld world) : ScopeSweep("netizen-registry"), IClassFixture<RegistryWorld>
{
    protected override TestHost Host => world.Host;

    protected override async Task<IReadOnlyDictionary<string, ScopeCase>> CasesAsync()
    {
        var alias = "宁安范围人士" + Guid.NewGuid().ToString("N")[..6];
        var person = NewPerson();
        var id = await world.PersonAsync(world.NinganEditor, world.Ningan, alias, person);
        _id = id;
        var probe = new ScopeProbe(world.DongningEditor, alias, id.ToString());
        var officer = new ScopeProbe(world.DongningOfficer, alias, id.ToString(), person.Name, person.Mobile);
        return new Dictionary<string, ScopeCase>
        {
            ["GET /profiles"] = probe.Hidden($"{Api}/profiles?search={Uri.EscapeDataString(alias)}"),
            ["POST /profiles"] = probe.Refused(HttpMethod.Post, $"{Api}/profiles", new { alias = "东宁借用", field = "Other", unitId = world.Ningan, consent = "NotInformed" }),
            ["GET /profiles/{id:guid}"] = probe.Missing(HttpMethod.Get, $"{Api}/profiles/{id}"),
            ["PUT /profiles/{id:guid}/followers"] = probe.Missing(HttpMethod.Put, $"{Api}/profiles/{id}/followers", new { platform = "Weibo", handle = "x", followers = 1 }),
            ["POST /profiles/{id:guid}/reveal"] = officer.Missing(HttpMethod.Post, $"{Api}/profiles/{id}/reveal", new { purpose = "跨县查看试探" }),
            ["POST /profiles/find-by-mobile"] = async () =>
                await officer.ShowsAsync(await world.DongningOfficer.PostAsJsonAsync($"{Api}/profiles/find-by-mobile", new { mobile = person.Mobile })),
            ["POST /profiles/{id:guid}/anonymise"] = officer.Missing(HttpMethod.Post, $"{Api}/profiles/{id}/anonymise", new { purpose = "跨县删除试探" }),
            ["GET /profiles/{id:guid}/processing"] = probe.Missing(HttpMethod.Get, $"{Api}/profiles/{id}/processing"),
            // The keys are the system administrator's, never a county's.
            ["POST /keys/rotate"] = officer.Answers(System.Net.HttpStatusCode.Forbidden, HttpMethod.Post, $"{Api}/keys/rotate"),
        };
    }

    private Guid _id;

    protected override async Task AfterCasesAsync()
    {
        var profile = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{_id}");
        Assert.False(profile.GetProperty("anonymised").GetBoolean());
        var records = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{_id}/processing");
        Assert.Equal(1, records.GetArrayLength()); // collected; nothing revealed or erased from 东宁市
        var list = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles?search=东宁借用");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }
}
