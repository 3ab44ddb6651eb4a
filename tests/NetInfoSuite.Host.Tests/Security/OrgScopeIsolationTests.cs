using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>A 东安区 county admin sees and changes only 东安区's subtree; the rest does not exist for it.</summary>
public sealed class OrgScopeIsolationTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    private Task<HttpClient> DonganAdmin() => fixture.Host.ClientForAsync(fixture.Dongan, "CountyAdmin");

    [Fact]
    public async Task Units_outside_the_subtree_answer_404_on_every_get()
    {
        var client = await DonganAdmin();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/directory/units/{fixture.Street}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/directory/units/{fixture.Ningan}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/directory/units/{fixture.City}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/directory/units/by-code/231084")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/directory/units/{fixture.City}/subtree")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/probe/units/{fixture.Ningan}/name")).StatusCode);
    }

    [Fact]
    public async Task Lists_and_exports_never_include_units_outside_the_subtree()
    {
        var client = await DonganAdmin();

        var all = await client.GetFromJsonAsync<JsonElement>("/api/directory/units?pageSize=500");
        var codes = all.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("code").GetString()).ToList();
        Assert.Equal(["231002", "231002001"], codes);
        var export = await client.GetByteArrayAsync("/api/directory/export");
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(export), useHeaderRow: true).Cast<IDictionary<string, object>>();
        Assert.Equal(["231002", "231002001"], rows.Select(r => r["编码"]?.ToString()));
    }

    [Fact]
    public async Task Changes_outside_the_subtree_are_refused_as_if_the_unit_did_not_exist()
    {
        var client = await DonganAdmin();

        var rename = await client.PutAsJsonAsync($"/api/directory/units/{fixture.Ningan}/name", new { name = "改名" });
        var createUnder = await client.PostAsJsonAsync("/api/directory/units",
            new { code = "231084009", name = "越界街道", level = "Street", parentId = fixture.Ningan });
        var moveOut = await client.PutAsJsonAsync($"/api/directory/units/{fixture.Street}/parent", new { parentId = fixture.Ningan });

        Assert.Equal(HttpStatusCode.NotFound, rename.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, createUnder.StatusCode);
        Assert.EndsWith("does not exist", (await createUnder.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("localizedErrors").GetProperty("en").GetProperty("parentId")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, moveOut.StatusCode);
        Assert.Equal("宁安市", (await fixture.Host.Client.GetFromJsonAsync<JsonElement>($"/api/directory/units/{fixture.Ningan}"))
            .GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_county_admin_manages_only_its_own_subtrees_users_and_cannot_grant_city_roles()
    {
        var ningan = await fixture.Host.ClientForAsync(fixture.Ningan, "CountyAdmin");
        var client = await DonganAdmin();

        var outside = await client.PostAsJsonAsync("/api/users",
            new { login = "x-outside", name = "越界", orgUnitId = fixture.Ningan, roles = new[] { "Viewer" } });
        var elevated = await client.PostAsJsonAsync("/api/users",
            new { login = "x-elevated", name = "提权", orgUnitId = fixture.Street, roles = new[] { "CityAdmin" } });
        var inside = await client.PostAsJsonAsync("/api/users",
            new { login = "x-inside", name = "街道管理员", orgUnitId = fixture.Street, roles = new[] { "Editor" } });

        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, elevated.StatusCode);
        Assert.Equal(HttpStatusCode.Created, inside.StatusCode);
        var created = await inside.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("231002", created.GetProperty("user").GetProperty("tenant").GetString());
        Assert.False(string.IsNullOrEmpty(created.GetProperty("oneTimePassword").GetString()));

        var listed = await client.GetFromJsonAsync<JsonElement>("/api/users?pageSize=500");
        var tenants = listed.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("tenant").GetString()).Distinct();
        Assert.Equal(["231002"], tenants);
        var id = created.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await ningan.GetAsync($"/api/users/{id}")).StatusCode);
    }
}
