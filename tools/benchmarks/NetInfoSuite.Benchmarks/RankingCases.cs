using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

/// <summary>Issue 6 (and 8): a WeChat ranking (WCI) of a city's 230 accounts over a year and of a province's 3,000
/// over 90 days, two articles a day each, through the API; beside the bare SQL aggregate over the same rows; with
/// the host's resident memory before and after.</summary>
internal static class RankingCases
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var cases = bench.Quick ? new[] { (Accounts: 23, Days: 30), (Accounts: 100, Days: 10) } : [(230, 365), (3_000, 90)];
        var runs = bench.Quick ? 1 : 5;
        var rows = new List<Row>();
        foreach (var (accounts, days) in cases)
        {
            var db = await bench.NewDatabaseAsync();
            var app = await bench.StartHostAsync(db, "directory,account-matrix");
            try
            {
                var admin = await BenchContext.ClientAsync(app, "admin", BenchContext.AdminPassword);
                var city = (await BenchContext.Json<JsonElement>(admin.PostAsJsonAsync("/api/directory/units", new { code = "R0", name = "排名市", level = "City" })))
                    .GetProperty("id").GetGuid();
                await BenchContext.CreateUserAsync(admin, "bench-rank", city, "CityAdmin");
                var office = await BenchContext.ClientAsync(app, "bench-rank", BenchContext.UserPassword);
                var to = new DateOnly(2026, 10, 31);
                var from = to.AddDays(1 - days);
                var ids = await SeedAsync(app, db, city, accounts, from.AddDays(-days), to); // the previous period too

                var url = $"/api/account-matrix/rankings?platform=WeChat&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
                await BenchContext.Json<JsonElement>(office.GetAsync(url)); // warm-up
                GC.Collect();
                var before = Environment.WorkingSet;
                var peak = before;
                var api = new List<double>();
                var bare = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    var ranking = await BenchContext.Json<JsonElement>(office.GetAsync(url));
                    api.Add(BenchContext.Ms(start));
                    peak = Math.Max(peak, Environment.WorkingSet);
                    if (ranking.GetProperty("entries").GetArrayLength() != accounts) throw new InvalidOperationException("incomplete ranking");
                    bare.Add(await BareAggregateAsync(db, ids, from, to));
                }
                var growth = (peak - before) / 1024.0 / 1024.0;
                var (goal, mb) = accounts >= 1_000 ? (3000.0, true) : (300.0, false);
                rows.Add(new Row($"WCI ranking, {accounts:N0} accounts × {days} days ({accounts * days * 2:N0} articles), current and previous period",
                    $"{BenchContext.Median(api):0} ms; memory +{growth:0} MB", $"the bare SQL aggregate (current period): {BenchContext.Median(bare):0} ms",
                    $"{BenchContext.Median(api) / BenchContext.Median(bare):0.0}", mb ? "< 3 s; memory growth < 200 MB" : "< 300 ms",
                    BenchContext.Median(api) < goal && (!mb || growth < 200)));
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        return new Section("Account rankings (issues 6 and 8)", $"""
            In-process host with the directory and account-matrix plugins, durable embedded PostgreSQL. Active WeChat accounts with
            two articles a day each (copied in, then ANALYZE), over the ranked period and the one before it. `GET /rankings` sums
            per account in the database (one row per account comes back) for both periods and applies the WCI V14.2 formula;
            median of {runs} run(s) after a warm-up. Baseline: the same per-account aggregate for the current period alone, run
            directly. Memory: the host process's working set after a full GC, against its peak during the runs.
            """, rows);
    }

    /// <summary>Active accounts of the city on one platform, straight into the module's document table; handles rank0, rank1, ….</summary>
    public static async Task<Guid[]> SeedAccountsAsync(Microsoft.AspNetCore.Builder.WebApplication app, Guid city, int accounts, string platform)
    {
        var services = BenchContext.Services(app);
        var module = services.GetRequiredService<NetInfoSuite.Host.Plugins.ModuleCatalog>().Loaded.Single(m => m.Id == "account-matrix").Assembly!;
        var type = module.GetType("NetInfoSuite.Modules.AccountMatrix.Domain.Account")!;
        Type Enum(string name) => module.GetType("NetInfoSuite.Modules.AccountMatrix.Domain." + name)!;
        var ids = Enumerable.Range(0, accounts).Select(_ => Guid.CreateVersion7()).ToArray();
        var docs = ids.Select((id, i) =>
        {
            var doc = Activator.CreateInstance(type)!;
            void Set(string name, object? value) => type.GetProperty(name)!.SetValue(doc, value);
            Set("Id", id); Set("Name", $"基准账号{i:0000}"); Set("Handle", $"rank{i}"); Set("OwnerUnitId", city);
            Set("UnitPath", "/" + city.ToString("N") + "/"); Set("Status", System.Enum.Parse(Enum("AccountStatus"), "Active"));
            Set("Platform", System.Enum.Parse(Enum("AccountPlatform"), platform));
            return doc;
        });
        await services.GetRequiredService<IDocumentStore>().BulkInsertDocumentsAsync(docs, Weasel.Core.BulkInsertMode.InsertsOnly);
        return ids;
    }

    private static async Task<Guid[]> SeedAsync(Microsoft.AspNetCore.Builder.WebApplication app, string db, Guid city, int accounts, DateOnly from, DateOnly to)
    {
        var ids = await SeedAccountsAsync(app, city, accounts, "WeChat");

        await using var sql = new NpgsqlConnection(db);
        await sql.OpenAsync();
        var random = new Random(7);
        await using (var import = await sql.BeginBinaryImportAsync(
            "copy account_matrix.articles (id, account_id, day, title, headline, reads, wows, likes, shares, comments) from stdin (format binary)"))
        {
            foreach (var id in ids)
                for (var day = from; day <= to; day = day.AddDays(1))
                    for (var n = 0; n < 2; n++)
                    {
                        await import.StartRowAsync();
                        await import.WriteAsync($"{id:N}-{day:yyyyMMdd}-{n}", NpgsqlDbType.Text);
                        await import.WriteAsync(id, NpgsqlDbType.Uuid);
                        await import.WriteAsync(day, NpgsqlDbType.Date);
                        await import.WriteAsync("基准文章", NpgsqlDbType.Text);
                        await import.WriteAsync(n == 0, NpgsqlDbType.Boolean);
                        foreach (var max in new[] { 100_001, 200, 500, 300, 100 })
                            await import.WriteAsync((long)random.Next(max), NpgsqlDbType.Bigint);
                    }
            await import.CompleteAsync();
        }
        await using (var analyze = new NpgsqlCommand("analyze account_matrix.articles", sql)) await analyze.ExecuteNonQueryAsync();
        return ids;
    }

    private static async Task<double> BareAggregateAsync(string db, Guid[] ids, DateOnly from, DateOnly to)
    {
        await using var sql = new NpgsqlConnection(db);
        await sql.OpenAsync();
        var start = Stopwatch.GetTimestamp();
        await using var cmd = new NpgsqlCommand("""
            select account_id, count(*), sum(reads), sum(wows), sum(likes), sum(shares),
                coalesce(sum(reads) filter (where headline), 0), coalesce(sum(wows) filter (where headline), 0),
                coalesce(sum(likes) filter (where headline), 0), coalesce(sum(shares) filter (where headline), 0),
                max(0.70 * ln(reads + 1) + 0.09 * ln(10 * wows + 1) + 0.06 * ln(10 * likes + 1) + 0.15 * ln(10 * shares + 1))::float8
            from account_matrix.articles where account_id = any($1) and day between $2 and $3 group by account_id
            """, sql) { Parameters = { new() { Value = ids }, new() { Value = from }, new() { Value = to } } };
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) { }
        return BenchContext.Ms(start);
    }
}
