using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Npgsql;
using NpgsqlTypes;

/// <summary>Issue 7: a directive's fan-out to 4,914 groups (the city) and to 100,000 (a province) through the API,
/// beside a raw binary COPY of the same task rows into an identical table on the same database.</summary>
internal static class FanOutCases
{
    private sealed record Unit(Guid Id, Guid? Parent, string Level);
    private sealed record Group(Guid Id, string Name, Guid Unit, string Path, Guid County, Guid Street);

    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var (small, large, rounds) = bench.Quick ? (300, 2_000, 1) : (4_914, 100_000, 3);
        var db = await bench.NewDatabaseAsync();
        var app = await bench.StartHostAsync(db, "directory,grid-dispatch");
        try
        {
            var admin = await BenchContext.ClientAsync(app, "admin", BenchContext.AdminPassword);
            var units = await SeedTreeAsync(admin);
            var city = units.Values.Single(u => u.Level == "City").Id;
            await BenchContext.CreateUserAsync(admin, "bench-city", city, "CityAdmin");
            var issuer = await BenchContext.ClientAsync(app, "bench-city", BenchContext.UserPassword);
            var groups = await SeedGroupsAsync(app, units, small, large);
            var firstCounty = groups[0].County;

            await using var sql = new NpgsqlConnection(db);
            await sql.OpenAsync();
            await using (var twin = new NpgsqlCommand("create table grid_dispatch.tasks_copy (like grid_dispatch.tasks including all)", sql))
                await twin.ExecuteNonQueryAsync();
            // Statistics as a running system has them (autovacuum would gather them within minutes of the bulk load).
            await using (var analyze = new NpgsqlCommand("analyze", sql)) await analyze.ExecuteNonQueryAsync();

            var times = new Dictionary<(int Size, string Side), List<double>>();
            for (var round = -1; round < rounds; round++) // round -1 warms up (JIT, plans, caches) and is not counted
                foreach (var (size, target) in new[] { (small, (object)new { orgUnits = new[] { firstCounty } }), (large, new { orgUnits = Array.Empty<Guid>() }) })
                {
                    var scope = size == small ? groups.Where(g => g.County == firstCounty).ToList() : groups;
                    var draft = await BenchContext.Json<JsonElement>(issuer.PostAsJsonAsync("/api/grid-dispatch/directives", new
                    {
                        title = $"基准指令 {round}-{size}", body = "基准", category = "General", urgency = "Routine", delivery = "Direct", target,
                    }));
                    var id = draft.GetProperty("id").GetGuid();
                    await BenchContext.Json<JsonElement>(issuer.PostAsync($"/api/grid-dispatch/directives/{id}/approve", null));
                    var start = Stopwatch.GetTimestamp();
                    var issued = await BenchContext.Json<JsonElement>(issuer.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null));
                    var issueMs = BenchContext.Ms(start);
                    if (issued.GetProperty("tasks").GetInt32() != scope.Count)
                        throw new InvalidOperationException($"issued {issued.GetProperty("tasks")} tasks, expected {scope.Count}");
                    var copyMs = await CopyAsync(sql, scope);
                    if (round < 0) continue;
                    Add(times, (size, "issue"), issueMs);
                    Add(times, (size, "copy"), copyMs);
                }

            var rows = new List<Row>();
            foreach (var (size, goal) in new[] { (small, 200.0), (large, 2000.0) })
            {
                var issue = BenchContext.Median(times[(size, "issue")]);
                var copy = BenchContext.Median(times[(size, "copy")]);
                rows.Add(new Row($"issue a directive to {size:N0} groups (HTTP, full pipeline, one transaction)", $"{issue:0} ms",
                    $"binary COPY of the same {size:N0} rows: {copy:0} ms", $"{copy / issue:0.00}", $"< {goal:0} ms; ratio ≥ 0.5",
                    issue < goal && copy / issue >= 0.5));
            }
            return new Section("Directive fan-out (issue 7)", $"""
                In-process host (test server) with the directory and grid-dispatch plugins from disk, durable embedded PostgreSQL;
                {groups.Count:N0} groups bulk-loaded under 1 city, 10 counties, 100 streets, 1,000 communities ({small:N0} of them in the first
                county), then ANALYZE. Each round drafts and approves a directive, then times `POST /issue` (authorization, validation, audit, reading the
                target groups, one INSERT … SELECT FROM unnest per table for tasks and rollups, the directive's update, commit) for the first
                county ({small:N0} groups) and for everything ({large:N0}); beside each, a raw binary COPY of the same task rows into an
                identical table (same columns and indexes). Median of {rounds} round(s) after one of warm-up. Ratio = COPY time ÷ issue time (the issue's rate as a share
                of COPY's).
                """, rows);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static void Add(Dictionary<(int, string), List<double>> times, (int, string) key, double ms)
    {
        if (!times.TryGetValue(key, out var list)) times[key] = list = [];
        list.Add(ms);
    }

    private static async Task<double> CopyAsync(NpgsqlConnection sql, IReadOnlyList<Group> groups)
    {
        var directive = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        var start = Stopwatch.GetTimestamp();
        await using (var import = await sql.BeginBinaryImportAsync("""
            copy grid_dispatch.tasks_copy (directive_id, urgency, deadline, released_at, group_id, id, group_name, unit_id, street_id,
                county_id, unit_path, operators, members) from stdin (format binary)
            """))
        {
            foreach (var g in groups)
            {
                await import.StartRowAsync();
                await import.WriteAsync(directive, NpgsqlDbType.Uuid);
                await import.WriteAsync((short)0, NpgsqlDbType.Smallint);
                await import.WriteAsync(now.AddHours(48), NpgsqlDbType.TimestampTz);
                await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await import.WriteAsync(g.Id, NpgsqlDbType.Uuid);
                await import.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await import.WriteAsync(g.Name, NpgsqlDbType.Text);
                await import.WriteAsync(g.Unit, NpgsqlDbType.Uuid);
                await import.WriteAsync(g.Street, NpgsqlDbType.Uuid);
                await import.WriteAsync(g.County, NpgsqlDbType.Uuid);
                await import.WriteAsync(g.Path, NpgsqlDbType.Text);
                await import.WriteAsync(new[] { "bench-op" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await import.WriteAsync(300, NpgsqlDbType.Integer);
            }
            await import.CompleteAsync();
        }
        return BenchContext.Ms(start);
    }

    // 1 city, 10 counties, 100 streets, 1,000 communities, imported in one workbook.
    private static async Task<Dictionary<Guid, Unit>> SeedTreeAsync(HttpClient admin)
    {
        var rows = new List<Dictionary<string, object>> { Row("F", "基准省会", "市", "") };
        for (var c = 0; c < 10; c++)
        {
            rows.Add(Row($"F{c}", $"基准县{c}", "县（市、区）", "F"));
            for (var s = 0; s < 10; s++)
            {
                rows.Add(Row($"F{c}-{s}", $"基准街道{c}-{s}", "乡镇（街道）", $"F{c}"));
                for (var v = 0; v < 10; v++) rows.Add(Row($"F{c}-{s}-{v}", $"基准社区{c}-{s}-{v}", "村（社区）", $"F{c}-{s}"));
            }
        }
        using var xlsx = new MemoryStream();
        xlsx.SaveAs(rows);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx.ToArray()), "file", "tree.xlsx" } };
        await BenchContext.Json<JsonElement>(admin.PostAsync("/api/directory/import", form));

        var units = new Dictionary<Guid, Unit>();
        for (var page = 1; ; page++)
        {
            var result = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/units?pageSize=500&page={page}");
            foreach (var u in result.GetProperty("items").EnumerateArray())
            {
                var parent = u.GetProperty("parentId");
                units[u.GetProperty("id").GetGuid()] = new Unit(u.GetProperty("id").GetGuid(),
                    parent.ValueKind == JsonValueKind.Null ? null : parent.GetGuid(), u.GetProperty("level").GetString()!);
            }
            if (page * 500 >= result.GetProperty("total").GetInt64()) return units;
        }

        static Dictionary<string, object> Row(string code, string name, string level, string parent) =>
            new() { ["编码"] = code, ["名称"] = name, ["层级"] = level, ["上级编码"] = parent };
    }

    // The groups go straight into the module's document table (registering 100,000 through the API is not what is measured).
    private static async Task<List<Group>> SeedGroupsAsync(Microsoft.AspNetCore.Builder.WebApplication app, Dictionary<Guid, Unit> units, int inFirstCounty, int total)
    {
        string PathOf(Unit u) => (u.Parent is { } p ? PathOf(units[p]) : "/") + u.Id.ToString("N") + "/";
        var communities = units.Values.Where(u => u.Level == "Community")
            .Select(u => (Unit: u, Street: units[u.Parent!.Value], County: units[units[u.Parent!.Value].Parent!.Value]))
            .OrderBy(x => x.County.Id).ThenBy(x => x.Unit.Id).ToList();
        var first = communities.Where(c => c.County.Id == communities[0].County.Id).ToList();
        var rest = communities.Where(c => c.County.Id != communities[0].County.Id).ToList();
        var groups = Enumerable.Range(0, total).Select(i =>
        {
            var c = i < inFirstCounty ? first[i % first.Count] : rest[i % rest.Count];
            return new Group(Guid.CreateVersion7(), $"基准网格群{i:000000}", c.Unit.Id, PathOf(c.Unit), c.County.Id, c.Street.Id);
        }).ToList();

        var services = BenchContext.Services(app);
        var module = services.GetRequiredService<NetInfoSuite.Host.Plugins.ModuleCatalog>().Loaded.Single(m => m.Id == "grid-dispatch").Assembly!;
        var type = module.GetType("NetInfoSuite.Modules.GridDispatch.Domain.GridGroup")!;
        object Document(Group g)
        {
            var doc = Activator.CreateInstance(type)!;
            void Set(string name, object? value) => type.GetProperty(name)!.SetValue(doc, value);
            Set("Id", g.Id); Set("Name", g.Name); Set("OrgUnitId", g.Unit); Set("UnitPath", g.Path); Set("CountyId", g.County);
            Set("StreetId", g.Street); Set("OperatorLogins", new List<string> { "bench-op" }); Set("MemberCount", 300);
            Set("CreatedAt", DateTimeOffset.UtcNow);
            return doc;
        }
        await services.GetRequiredService<IDocumentStore>().BulkInsertDocumentsAsync(groups.Select(Document), Weasel.Core.BulkInsertMode.InsertsOnly, 10_000);
        return groups;
    }
}
