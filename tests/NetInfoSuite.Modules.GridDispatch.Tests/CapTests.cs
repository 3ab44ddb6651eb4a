using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

public sealed class CapTests(DispatchWorld world) : IClassFixture<DispatchWorld>
{
    private static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    internal const string Blizzard = """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>CN-HLJ-MDJ-2026112601</identifier>
          <sender>mdj-weather@cma.example</sender>
          <sent>2026-11-26T06:00:00+08:00</sent>
          <status>Actual</status>
          <msgType>Alert</msgType>
          <scope>Public</scope>
          <info>
            <language>zh-CN</language>
            <category>Met</category>
            <event>暴雪</event>
            <urgency>Expected</urgency>
            <severity>Severe</severity>
            <certainty>Likely</certainty>
            <headline>牡丹江市气象台发布暴雪橙色预警</headline>
            <description>预计未来12小时宁安市将出现暴雪，降雪量可达10毫米以上。</description>
            <instruction>减少外出，注意防寒保暖。</instruction>
            <area><areaDesc>宁安市</areaDesc><geocode><valueName>行政区划代码</valueName><value>231084</value></geocode></area>
          </info>
        </alert>
        """;

    [Fact]
    public async Task A_CAP_alert_becomes_a_draft_emergency_directive_and_goes_back_out_as_CAP()
    {
        var city = world.CityAdmin.Client;
        (await city.PutAsJsonAsync("/api/grid-dispatch/cap/areas", new { area = "231084", orgUnitId = world.CountyA })).EnsureSuccessStatusCode();

        var imported = await city.PostAsync("/api/grid-dispatch/cap/import", new StringContent(Blizzard, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var draft = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Draft", draft.GetProperty("status").GetString());
        Assert.Equal("Emergency", draft.GetProperty("urgency").GetString());
        Assert.Equal("ExtremeWeather", draft.GetProperty("category").GetString());
        Assert.Equal([world.CountyA], draft.GetProperty("target").GetProperty("orgUnits").EnumerateArray().Select(u => u.GetGuid()).ToArray());

        var exported = XDocument.Parse(await city.GetStringAsync($"/api/grid-dispatch/directives/{draft.GetProperty("id").GetGuid()}/cap"));
        var info = exported.Root!.Element(Cap + "info")!;
        Assert.Equal("CN-HLJ-MDJ-2026112601", exported.Root.Element(Cap + "identifier")!.Value);
        Assert.Equal("牡丹江市气象台发布暴雪橙色预警", info.Element(Cap + "headline")!.Value);
        Assert.StartsWith("预计未来12小时宁安市将出现暴雪", info.Element(Cap + "description")!.Value);
        Assert.Equal("Met", info.Element(Cap + "category")!.Value);
        Assert.Equal("Immediate", info.Element(Cap + "urgency")!.Value);
        Assert.Equal("宁安市", info.Element(Cap + "area")!.Element(Cap + "areaDesc")!.Value);
        // The export is itself a well-formed alert the import accepts: the same alert, so it updates the same draft.
        var again = await city.PostAsync("/api/grid-dispatch/cap/import",
            new StringContent(exported.ToString().Replace("<areaDesc>宁安市</areaDesc>", "<areaDesc>231084</areaDesc>"), Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(draft.GetProperty("id").GetGuid(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_same_alert_again_updates_its_own_draft_and_its_expiry_is_the_deadline()
    {
        var city = await DispatchWorld.FreshAsync(world.CityAdmin);
        (await city.PutAsJsonAsync("/api/grid-dispatch/cap/areas", new { area = "231086", orgUnitId = world.CountyB })).EnsureSuccessStatusCode();
        var identifier = "CN-HLJ-MDJ-" + Guid.NewGuid().ToString("N")[..8];
        var firstExpiry = world.Clock.GetUtcNow().AddHours(6);
        var laterExpiry = world.Clock.GetUtcNow().AddHours(9);

        var first = await Import(city, Alert(identifier, "东宁市暴雪黄色预警", firstExpiry));
        var second = await Import(city, Alert(identifier, "东宁市暴雪橙色预警", laterExpiry));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var draft = await first.Content.ReadFromJsonAsync<JsonElement>();
        var updated = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(draft.GetProperty("id").GetGuid(), updated.GetProperty("id").GetGuid());
        Assert.Equal("东宁市暴雪橙色预警", updated.GetProperty("title").GetString());
        Assert.Equal(firstExpiry.ToUnixTimeSeconds(), draft.GetProperty("deadline").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(laterExpiry.ToUnixTimeSeconds(), updated.GetProperty("deadline").GetDateTimeOffset().ToUnixTimeSeconds());
        var drafts = await city.GetFromJsonAsync<JsonElement>("/api/grid-dispatch/directives?status=Draft&pageSize=200");
        Assert.Single(drafts.GetProperty("items").EnumerateArray(), d => d.GetProperty("capIdentifier").GetString() == identifier);

        // Once approved, the alert no longer changes it, and says why.
        await world.ApproveAsync(city, draft.GetProperty("id").GetGuid());
        var late = await Import(city, Alert(identifier, "东宁市暴雪红色预警", laterExpiry));
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("已审批", await late.Content.ReadAsStringAsync());
        // An alert that has expired already is refused, naming the time in Beijing.
        var expired = await Import(city, Alert("CN-HLJ-MDJ-old", "旧预警", world.Clock.GetUtcNow().AddMinutes(-5)));
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("过期", await expired.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> Import(HttpClient client, string xml) =>
        client.PostAsync("/api/grid-dispatch/cap/import", new StringContent(xml, Encoding.UTF8, "application/xml"));

    private static string Alert(string identifier, string headline, DateTimeOffset expires) => Blizzard
        .Replace("CN-HLJ-MDJ-2026112601", identifier)
        .Replace("牡丹江市气象台发布暴雪橙色预警", headline)
        .Replace("<areaDesc>宁安市</areaDesc>", "<areaDesc>东宁市</areaDesc>").Replace("<value>231084</value>", "<value>231086</value>")
        .Replace("<headline>", $"<expires>{expires.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd'T'HH:mm:sszzz}</expires>\n    <headline>");

    [Theory]
    [InlineData("<alert><identifier>x</identifier>", "XML")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", "alert")]
    [InlineData("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>x</identifier><sender>s</sender><sent>2026-11-26T06:00:00+08:00</sent></alert>", "info")]
    public async Task Malformed_CAP_is_refused_with_the_reason(string xml, string reason)
    {
        var response = await world.CityAdmin.Client.PostAsync("/api/grid-dispatch/cap/import", new StringContent(xml, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(reason, body.GetProperty("localizedErrors").ToString());
    }

    /// <summary>Issue 14: a county admin redirected the city's alerts by rewriting the shared area table.</summary>
    [Fact]
    public async Task A_county_keeps_its_own_area_entries_and_cannot_change_the_citys()
    {
        var city = await DispatchWorld.FreshAsync(world.CityAdmin);
        var county = (await world.UserAsync(world.CountyB, "CountyAdmin")).Client;
        (await city.PutAsJsonAsync("/api/grid-dispatch/cap/areas", new { area = "牡丹江市", orgUnitId = world.City })).EnsureSuccessStatusCode();

        var put = await county.PutAsJsonAsync("/api/grid-dispatch/cap/areas", new { area = "牡丹江市", orgUnitId = world.CountyB });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var alert = Blizzard.Replace("CN-HLJ-MDJ-2026112601", "CN-HLJ-MDJ-" + Guid.NewGuid().ToString("N")[..8])
            .Replace("<area><areaDesc>宁安市</areaDesc><geocode><valueName>行政区划代码</valueName><value>231084</value></geocode></area>",
                "<area><areaDesc>牡丹江市</areaDesc></area>");
        async Task<Guid[]> TargetsOf(HttpClient client)
        {
            var imported = await client.PostAsync("/api/grid-dispatch/cap/import", new StringContent(alert, Encoding.UTF8, "application/xml"));
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
            return (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("target").GetProperty("orgUnits")
                .EnumerateArray().Select(u => u.GetGuid()).ToArray();
        }
        Assert.Equal([world.City], await TargetsOf(city));
        Assert.Equal([world.CountyB], await TargetsOf(county));

        var cityTable = await city.GetFromJsonAsync<JsonElement>("/api/grid-dispatch/cap/areas");
        var countyTable = await county.GetFromJsonAsync<JsonElement>("/api/grid-dispatch/cap/areas");
        var countyA = (await world.UserAsync(world.CountyA, "CountyAdmin")).Client;
        var otherCountyTable = await countyA.GetFromJsonAsync<JsonElement>("/api/grid-dispatch/cap/areas");
        Assert.Contains(cityTable.EnumerateArray(), e => e.GetProperty("area").GetString() == "牡丹江市" && e.GetProperty("owner").ValueKind == JsonValueKind.Null
            && e.GetProperty("orgUnitId").GetGuid() == world.City);
        Assert.Contains(countyTable.EnumerateArray(), e => e.GetProperty("area").GetString() == "牡丹江市" && e.GetProperty("owner").GetString() == "231086");
        Assert.DoesNotContain(otherCountyTable.EnumerateArray(), e => e.GetProperty("owner").ValueKind == JsonValueKind.String && e.GetProperty("owner").GetString() == "231086");
    }
}
