using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Testing;
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

/// <summary>宁安市 moved into a database of its own by configuration alone.</summary>
public sealed class TwoDatabaseHost(PostgresServer postgres) : SecuredHost(postgres)
{
    public string NinganDatabase { get; private set; } = "";

    protected override async Task<(string Key, string Value)[]> SettingsAsync(PostgresServer postgres)
    {
        NinganDatabase = await postgres.CreateDatabaseAsync();
        return [("NetInfo:Tenancy:Databases:ningan:ConnectionString", NinganDatabase),
                ("NetInfo:Tenancy:Databases:ningan:Tenants", "231084")];
    }
}

public sealed class DatabasePerTenantTests(TwoDatabaseHost fixture) : IClassFixture<TwoDatabaseHost>
{
    [Fact]
    public async Task Two_tenants_are_served_from_two_databases_and_the_city_reads_both()
    {
        var dongan = await fixture.Host.ClientForAsync(fixture.Street, "Editor");
        var ningan = await fixture.Host.ClientForAsync(fixture.Ningan, "Editor");
        var city = await fixture.Host.ClientForAsync(fixture.City, "CityAdmin");

        await dongan.PostAsJsonAsync("/api/probe/notes", new { id = Guid.NewGuid(), text = "东安区的记录" });
        var written = await ningan.PostAsJsonAsync("/api/probe/notes", new { id = Guid.NewGuid(), text = "宁安市的记录" });

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(["宁安市的记录"], await TextsIn(fixture.NinganDatabase));
        Assert.Equal(["东安区的记录"], await TextsIn(fixture.Host.Services
            .GetRequiredService<IConfiguration>().GetConnectionString("Marten")!));
        Assert.Equal(["宁安市的记录"], (await ningan.GetFromJsonAsync<string[]>("/api/probe/notes"))!);
        Assert.Equal(["东安区的记录", "宁安市的记录"], (await city.GetFromJsonAsync<string[]>("/api/probe/notes"))!.Order());
        // The org tree is shared: a 宁安市 user still reads it from the main database.
        Assert.Equal(HttpStatusCode.OK, (await ningan.GetAsync($"/api/directory/units/{fixture.Ningan}")).StatusCode);
    }

    private static async Task<List<string>> TextsIn(string connectionString)
    {
        await using var conn = new Npgsql.NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select data->>'text' from probe.mt_doc_probenote", conn);
        var texts = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) texts.Add(reader.GetString(0));
        return texts;
    }
}
