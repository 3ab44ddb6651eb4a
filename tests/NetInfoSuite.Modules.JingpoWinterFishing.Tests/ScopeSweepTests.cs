using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.JingpoWinterFishing.Tests;

/// <summary>The test kit's scope sweep for 宁安's local plugin: its campaigns are 宁安's, so an editor of another county
/// (东安区) gets 404 from every endpoint, even with 宁安's campaign id.</summary>
public sealed class ScopeSweepTests(ScopeSweepTests.World world) : ScopeSweep("jingpo-winter-fishing"), IClassFixture<ScopeSweepTests.World>
{
    private const string Api = "/api/jingpo-winter-fishing";

    protected override TestHost Host => world.Host;

    protected override async Task<IReadOnlyDictionary<string, ScopeCase>> CasesAsync()
    {
        var campaign = (await (await world.Ningan.PostAsJsonAsync($"{Api}/campaigns",
            new { name = "宁安范围冬捕", firstDay = "2026-12-28", lastDay = "2027-01-03" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var person = Guid.NewGuid();
        (await world.Ningan.PostAsJsonAsync($"{Api}/campaigns/{campaign}/participants", new { kind = "Personality", id = person, name = "冰雪达人" }))
            .EnsureSuccessStatusCode();
        var probe = new ScopeProbe(world.Dongan, "宁安范围冬捕", campaign.ToString());
        return new Dictionary<string, ScopeCase>
        {
            ["POST /campaigns"] = probe.Missing(HttpMethod.Post, $"{Api}/campaigns", new { name = "东安冬捕", firstDay = "2026-12-28", lastDay = "2026-12-30" }),
            ["POST /campaigns/{campaignId:guid}/participants"] = probe.Missing(HttpMethod.Post, $"{Api}/campaigns/{campaign}/participants",
                new { kind = "Personality", id = Guid.NewGuid(), name = "东安达人" }),
            ["PUT /campaigns/{campaignId:guid}/posts"] = probe.Missing(HttpMethod.Put, $"{Api}/campaigns/{campaign}/posts", new
            {
                participantId = person, title = "东安改写", url = "https://example.org/x", publishedOn = "2026-12-28", reads = 1, likes = 0, shares = 0,
            }),
            ["GET /campaigns/{campaignId:guid}/report"] = probe.Missing(HttpMethod.Get, $"{Api}/campaigns/{campaign}/report"),
        };
    }

    /// <summary>宁安市 (where the plugin is installed) and 东安区 under 牡丹江市, an editor in each.</summary>
    public sealed class World(PostgresServer postgres) : IAsyncLifetime
    {
        public TestHost Host { get; private set; } = null!;
        public HttpClient Ningan { get; private set; } = null!;
        public HttpClient Dongan { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(),
                PluginFolder.With("directory").WithLocal("231084", "jingpo-winter-fishing"));
            var city = await Unit(new { code = "231000", name = "牡丹江市", level = "City" });
            Ningan = await Host.ClientForAsync(await Unit(new { code = "231084", name = "宁安市", level = "County", parentId = city }), "Editor");
            Dongan = await Host.ClientForAsync(await Unit(new { code = "231002", name = "东安区", level = "County", parentId = city }), "Editor");
        }

        private async Task<Guid> Unit(object unit) =>
            (await (await Host.Client.PostAsJsonAsync("/api/directory/units", unit)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}
