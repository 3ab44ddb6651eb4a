using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Tenancy;

/// <summary>A plugin installed for 宁安市 only (plugins/tenants/231084/probe) exists for nobody else.</summary>
public sealed class LocalPluginTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_local_plugin_serves_its_tenant_and_is_invisible_and_unreachable_for_every_other()
    {
        await using var host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(),
            PluginFolder.With("directory").WithLocal("231084", "probe"));
        var city = await Create(host, new { code = "231000", name = "牡丹江市", level = "City" });
        var ningan = await Create(host, new { code = "231084", name = "宁安市", level = "County", parentId = city });
        var dongan = await Create(host, new { code = "231002", name = "东安区", level = "County", parentId = city });
        var ninganUser = await host.ClientForAsync(ningan, "CountyAdmin");
        var donganUser = await host.ClientForAsync(dongan, "CountyAdmin");
        var cityUser = await host.ClientForAsync(city, "CityAdmin");

        Assert.Equal(HttpStatusCode.OK, (await ninganUser.GetAsync("/api/probe/changes")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await donganUser.GetAsync("/api/probe/changes")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cityUser.GetAsync("/api/probe/changes")).StatusCode);

        Assert.Contains("probe", await ModuleIds(ninganUser, "/api/tenancy/modules"));
        Assert.DoesNotContain("probe", await ModuleIds(donganUser, "/api/tenancy/modules"));
        Assert.DoesNotContain("probe", await ModuleIds(cityUser, "/api/modules"));
        Assert.DoesNotContain("probe", await ModuleIds(host.AnonymousClient, "/api/modules"));
        var itView = (await host.Client.GetFromJsonAsync<JsonElement[]>("/api/modules"))!.Single(m => m.GetProperty("id").GetString() == "probe");
        Assert.Equal("231084", itView.GetProperty("tenant").GetString());
        Assert.Equal(HttpStatusCode.NotFound,
            (await donganUser.PutAsJsonAsync("/api/tenancy/modules/probe", new { enabled = true })).StatusCode);
        // Issue 14: the anonymous readiness report and API document named it.
        Assert.DoesNotContain("probe", await host.AnonymousClient.GetStringAsync("/health/ready"));
        Assert.DoesNotContain("/api/probe", await host.AnonymousClient.GetStringAsync("/openapi/v1.json"));
    }

    private static async Task<Guid> Create(TestHost host, object unit)
    {
        var response = await host.Client.PostAsJsonAsync("/api/directory/units", unit);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<List<string?>> ModuleIds(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonElement[]>(url))!.Select(m => m.GetProperty("id").GetString()).ToList();
}
