using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>Module documents marked tenanted belong to the writer's county; the city reads across counties.</summary>
public sealed class TenancyTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    [Fact]
    public async Task A_county_sees_only_its_own_tenanted_documents_and_the_city_sees_all()
    {
        var dongan = await fixture.Host.ClientForAsync(fixture.Street, "Editor");
        var ningan = await fixture.Host.ClientForAsync(fixture.Ningan, "Editor");
        var city = await fixture.Host.ClientForAsync(fixture.City, "CityAdmin");

        var note = await (await dongan.PostAsJsonAsync("/api/probe/notes", new { id = Guid.NewGuid(), text = "东安区的记录" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        await ningan.PostAsJsonAsync("/api/probe/notes", new { id = Guid.NewGuid(), text = "宁安市的记录" });
        var id = note.GetProperty("id").GetString();

        Assert.Equal(["东安区的记录"], (await dongan.GetFromJsonAsync<string[]>("/api/probe/notes"))!);
        Assert.Equal(["宁安市的记录"], (await ningan.GetFromJsonAsync<string[]>("/api/probe/notes"))!);
        Assert.Equal(["东安区的记录", "宁安市的记录"], (await city.GetFromJsonAsync<string[]>("/api/probe/notes"))!.Order());
        Assert.Equal(HttpStatusCode.NotFound, (await ningan.GetAsync($"/api/probe/notes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dongan.GetAsync($"/api/probe/notes/{id}")).StatusCode);
    }
}
