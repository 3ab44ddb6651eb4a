using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>An admin resets, disables and edits only users whose roles and unit it could have granted itself:
/// users above it answer 404 as if absent (issue 14: a CityAdmin reset a SystemAdmin's password).</summary>
public sealed class UserHierarchyTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    private async Task<Guid> CreateUser(Guid unit, string role)
    {
        var login = "h" + Guid.NewGuid().ToString("N")[..10];
        var response = await fixture.Host.Client.PostAsJsonAsync("/api/users",
            new { login, name = "用户", orgUnitId = unit, roles = new[] { role }, password = "Right#Pass-1", temporary = false });
        response.EnsureSuccessStatusCode();
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    private async Task<Guid> AdminId()
    {
        var page = await fixture.Host.Client.GetFromJsonAsync<JsonElement>("/api/users?search=admin");
        return page.GetProperty("items").EnumerateArray().Where(u => u.GetProperty("login").GetString() == "admin")
            .Select(u => Guid.Parse(u.GetProperty("id").GetString()!)).Single();
    }

    private static object Body(Guid unit, string role, bool enabled) => new { name = "改名", orgUnitId = unit, roles = new[] { role }, enabled };

    [Fact]
    public async Task A_city_admin_cannot_see_reset_disable_or_edit_a_system_admin()
    {
        var cityAdmin = await fixture.Host.ClientForAsync(fixture.City, "CityAdmin");
        var builtIn = await AdminId();
        var other = await CreateUser(fixture.City, "SystemAdmin");

        foreach (var target in new[] { builtIn, other })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await cityAdmin.PostAsync($"/api/users/{target}/reset-password", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await cityAdmin.PutAsJsonAsync($"/api/users/{target}", Body(fixture.City, "SystemAdmin", false))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await cityAdmin.GetAsync($"/api/users/{target}")).StatusCode);
        }
        var listed = await cityAdmin.GetFromJsonAsync<JsonElement>("/api/users?pageSize=500");
        var ids = listed.GetProperty("items").EnumerateArray().Select(u => Guid.Parse(u.GetProperty("id").GetString()!)).ToList();
        Assert.DoesNotContain(builtIn, ids);
        Assert.DoesNotContain(other, ids);

        // The system admin still signs in with its own password, and is still enabled.
        var check = await fixture.Host.Client.GetFromJsonAsync<JsonElement>($"/api/users/{other}");
        Assert.True(check.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task A_county_admin_cannot_touch_a_city_admin_bound_to_its_county()
    {
        var countyAdmin = await fixture.Host.ClientForAsync(fixture.Dongan, "CountyAdmin");
        var above = await CreateUser(fixture.Dongan, "CityAdmin");
        var peer = await CreateUser(fixture.Street, "Editor");

        Assert.Equal(HttpStatusCode.NotFound, (await countyAdmin.PostAsync($"/api/users/{above}/reset-password", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await countyAdmin.PutAsJsonAsync($"/api/users/{above}", Body(fixture.Dongan, "Editor", false))).StatusCode);
        // Below itself it still works.
        Assert.Equal(HttpStatusCode.OK, (await countyAdmin.PostAsync($"/api/users/{peer}/reset-password", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await countyAdmin.PutAsJsonAsync($"/api/users/{peer}", Body(fixture.Street, "Reviewer", true))).StatusCode);
    }

    [Fact]
    public async Task A_system_admin_still_manages_everyone()
    {
        var other = await CreateUser(fixture.City, "SystemAdmin");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Host.Client.PostAsync($"/api/users/{other}/reset-password", null)).StatusCode);
    }
}
