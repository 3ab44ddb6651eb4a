using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Modules.Directory.Tests;

/// <summary>Two people changing the tree at once: every change either happens whole or is refused with 409, and
/// the tree stays a tree (each path is its parent's path and its own id, no cycle).</summary>
public sealed class ConcurrentChangeTests(DirectoryHost fixture) : DirectoryTestBase(fixture), IClassFixture<DirectoryHost>
{
    [Fact]
    public async Task Thirty_six_moves_and_renames_at_once_each_happen_whole_or_answer_409_and_the_tree_stays_consistent()
    {
        // 牡丹江市 → 3 counties → 2 streets each → 2 communities each.
        var city = await CreateOk("231000", "牡丹江市", "City");
        var counties = new List<string>();
        var streets = new List<string>();
        var communities = new List<string>();
        for (var c = 0; c < 3; c++)
        {
            counties.Add(await CreateOk($"2311{c}", $"区{c}", "County", city));
            for (var s = 0; s < 2; s++)
            {
                streets.Add(await CreateOk($"2311{c}0{s}", $"街道{c}{s}", "Street", counties[c]));
                for (var v = 0; v < 2; v++)
                    communities.Add(await CreateOk($"2311{c}0{s}0{v}", $"社区{c}{s}{v}", "Community", streets[^1]));
            }
        }

        // Every street moves to the next county and is renamed; every community moves to another street and is
        // renamed: each change overlaps others on the same units and subtrees.
        var moves = streets.Select((s, i) => (Id: s, Parent: counties[(i / 2 + 1) % 3]))
            .Concat(communities.Select((v, i) => (Id: v, Parent: streets[(i / 2 + 3) % 6]))).ToList();
        var renames = streets.Concat(communities).Select((id, i) => (Id: id, Name: $"改名{i}")).ToList();
        var operations = moves.Select(m => (Kind: "move", m.Id, Value: m.Parent)).Concat(renames.Select(r => (Kind: "rename", r.Id, Value: r.Name)))
            .OrderBy(_ => Random.Shared.Next()).ToList();
        Assert.Equal(36, operations.Count);

        var responses = await Task.WhenAll(operations.Select(o => o.Kind == "move"
            ? Client.PutAsJsonAsync($"/api/directory/units/{o.Id}/parent", new { parentId = o.Value })
            : Client.PutAsJsonAsync($"/api/directory/units/{o.Id}/name", new { name = o.Value })));

        var units = await UnitsAsync();
        var failures = new List<string>();
        foreach (var (o, response) in operations.Zip(responses))
        {
            var unit = units[o.Id];
            var field = o.Kind == "move" ? unit.ParentId : unit.Name;
            if (response.StatusCode == HttpStatusCode.OK && field != o.Value)
                failures.Add($"{o.Kind} {o.Id} → {o.Value} answered 200 but the unit has {field}");
            else if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict))
                failures.Add($"{o.Kind} {o.Id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        foreach (var unit in units.Values)
        {
            var parent = unit.ParentId is { } p ? units[p] : null;
            var expected = (parent?.Path ?? "/") + Guid.Parse(unit.Id).ToString("N") + "/";
            if (unit.Path != expected || unit.Depth != (parent is null ? 0 : parent.Depth + 1))
                failures.Add($"{unit.Name}: path {unit.Path} depth {unit.Depth}, but its parent's path is {parent?.Path} and depth {parent?.Depth}");
            var seen = new HashSet<string>();
            for (var u = unit; u.ParentId is { } up; u = units[up])
                if (!seen.Add(u.Id)) { failures.Add($"{unit.Name} is in a cycle"); break; }
        }
        Assert.Empty(failures);
        // A refused change says why, in the reader's language.
        if (responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.Conflict) is { } conflict)
            Assert.Equal("urn:netinfo:problem:concurrent-change", (await conflict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    private sealed record Unit(string Id, string? ParentId, string Name, string Path, int Depth);

    // Read from the table itself: what is stored, not what a query of the module makes of it.
    private async Task<Dictionary<string, Unit>> UnitsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("select data from directory.mt_doc_orgunit", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        var units = new Dictionary<string, Unit>();
        while (await reader.ReadAsync())
        {
            var d = JsonDocument.Parse(reader.GetString(0)).RootElement;
            var id = d.GetProperty("id").GetString()!;
            units[id] = new Unit(id, d.GetProperty("parentId").GetString(), d.GetProperty("name").GetString()!, d.GetProperty("path").GetString()!,
                d.GetProperty("depth").GetInt32());
        }
        return units;
    }
}
