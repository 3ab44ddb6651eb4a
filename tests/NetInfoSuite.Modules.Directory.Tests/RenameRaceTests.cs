using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Modules.Directory.Tests;

/// <summary>Many people changing one unit at the same moment: each change that answered 200 is stored and announced to the
/// other modules once, each other one answered 409 and was neither stored nor announced.</summary>
public sealed class RenameRaceTests(DirectoryHost fixture) : DirectoryTestBase(fixture), IClassFixture<DirectoryHost>
{
    [Fact]
    public async Task Twenty_renames_of_one_unit_at_once_store_and_announce_only_those_that_answered_200()
    {
        var city = await CreateOk("231000", "牡丹江市", "City");
        var unit = await CreateOk("231084", "宁安市", "County", city);
        var names = Enumerable.Range(0, 20).Select(i => $"宁安市{i}").ToList();

        var answers = await Task.WhenAll(names.Select(name => Client.PutAsJsonAsync($"/api/directory/units/{unit}/name", new { name })));

        var won = names.Zip(answers).Where(x => x.Second.StatusCode == HttpStatusCode.OK).Select(x => x.First).ToList();
        Assert.NotEmpty(won);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)a.StatusCode}"));
        Assert.Contains(await StoredNameAsync(unit), won); // the last of the changes that answered 200
        Assert.Equal(won.Order(), (await AnnouncedAsync(unit, "Renamed")).Order());
    }

    [Fact]
    public async Task Twenty_deactivations_of_one_unit_at_once_announce_it_once()
    {
        var city = await CreateOk("231000", "牡丹江市", "City");
        var unit = await CreateOk("231084", "宁安市", "County", city);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Client.PostAsync($"/api/directory/units/{unit}/deactivate", null)));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)a.StatusCode}"));
        Assert.Single(await AnnouncedAsync(unit, "Deactivated"));
        var stored = await Client.GetFromJsonAsync<JsonElement>($"/api/directory/units/{unit}");
        Assert.False(stored.GetProperty("active").GetBoolean());
    }

    private async Task<string> StoredNameAsync(string unit)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("select data->>'name' from directory.mt_doc_orgunit where id = $1", connection) { Parameters = { new() { Value = Guid.Parse(unit) } } };
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The unit's names in the outbox's messages of this kind of change (what the other modules are told).</summary>
    private async Task<List<string>> AnnouncedAsync(string unit, string change)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select body->'unit'->>'name' from platform.outbox
            where type = 'NetInfoSuite.Contracts.Directory.OrgUnitChanged' and body->>'change' = $1 and body->'unit'->>'id' = $2
            """, connection) { Parameters = { new() { Value = change }, new() { Value = unit } } };
        var names = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
