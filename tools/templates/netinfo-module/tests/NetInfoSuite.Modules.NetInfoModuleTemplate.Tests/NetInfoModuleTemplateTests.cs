using System.Net;
using System.Net.Http.Json;
using NetInfoSuite.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace NetInfoSuite.Modules.NetInfoModuleTemplate.Tests;

public sealed class NetInfoModuleTemplateTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_record_is_created_and_listed_and_an_empty_title_is_refused()
    {
        await using var host = await TestHost.StartAsync(postgres, ["directory", "module-id"]);
        var ct = TestContext.Current.CancellationToken;
        var city = await host.Client.PostAsJsonAsync("/api/directory/units", new { code = "231000", name = "牡丹江市", level = "City" }, ct);
        var cityId = (await city.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("id").GetGuid();
        var editor = await host.ClientForAsync(cityId, "Editor"); // the administrator is IT: business roles record

        var created = await editor.PostAsJsonAsync("/api/module-id/records", new { title = "第一条" }, ct);
        var invalid = await editor.PostAsJsonAsync("/api/module-id/records", new { title = "" }, ct);
        var listed = await editor.GetStringAsync("/api/module-id/records", ct);
        var page = await editor.GetStringAsync("/module-id", ct); // the module's console page, in the host's shell

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("第一条", listed);
        Assert.Contains("第一条", page);
        Assert.Contains("href=\"/module-id\"", page); // its navigation link
    }
}
