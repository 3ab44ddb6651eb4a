using System.Collections;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>Issue 17: the netizen registry's list and searches over 10,000 profiles whose names and numbers are sealed
/// (AES-GCM) and shown masked, beside the same rows read straight from the table with nothing decrypted.</summary>
internal static class RegistryCases
{
    private const string Planted = "雪乡"; // in 1% of the aliases

    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var (count, rounds) = bench.Quick ? (500, 10) : (10_000, 60);
        var db = await bench.NewDatabaseAsync();
        var app = await bench.StartHostAsync(db, "directory,netizen-registry");
        var rows = new List<Row>();
        try
        {
            var admin = await BenchContext.ClientAsync(app, "admin", BenchContext.AdminPassword);
            var city = (await BenchContext.Json<JsonElement>(admin.PostAsJsonAsync("/api/directory/units", new { code = "R0", name = "名录市", level = "City" })))
                .GetProperty("id").GetGuid();
            await BenchContext.CreateUserAsync(admin, "bench-registry", city, "Editor");
            var editor = await BenchContext.ClientAsync(app, "bench-registry", BenchContext.UserPassword);
            var (open, mobiles) = await SeedAsync(app, city, count);
            await using (var sql = new NpgsqlConnection(db))
            {
                await sql.OpenAsync();
                await using var analyze = new NpgsqlCommand("analyze netizen_registry.mt_doc_profile", sql);
                await analyze.ExecuteNonQueryAsync();
            }
            var random = new Random(17);
            var pages = Math.Max(1, count / 20);

            async Task<(List<double> Api, List<double> Raw)> Measure(Func<int, Task<JsonElement>> api, Func<int, Task> raw, Func<JsonElement, bool> found)
            {
                var (a, r) = (new List<double>(), new List<double>());
                await api(0); await raw(0); // warm-up
                for (var i = 0; i < rounds; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    var answer = await api(i);
                    a.Add(BenchContext.Ms(start));
                    if (!found(answer)) throw new InvalidOperationException($"round {i} found nothing");
                    start = Stopwatch.GetTimestamp();
                    await raw(i);
                    r.Add(BenchContext.Ms(start));
                }
                return (a, r);
            }

            void Add(string what, (List<double> Api, List<double> Raw) m, string baseline, bool goal = true)
            {
                var (p95, raw95) = (BenchContext.Percentile(m.Api, 0.95), BenchContext.Percentile(m.Raw, 0.95));
                rows.Add(new Row(what, $"{p95:0.0} ms (median {BenchContext.Median(m.Api):0.0})", $"{baseline}: p95 {raw95:0.0} ms (median {BenchContext.Median(m.Raw):0.0})",
                    $"{p95 / raw95:0.00}", goal ? "p95 < 100 ms" : "", goal ? p95 < 100 : null));
            }

            var list = await Measure(
                i => BenchContext.Json<JsonElement>(editor.GetAsync($"/api/netizen-registry/profiles?page={1 + random.Next(pages)}&pageSize=20")),
                i => RawAsync(db, "select data, count(*) over () from netizen_registry.mt_doc_profile order by data ->> 'alias' limit 20 offset $1", random.Next(pages) * 20),
                page => page.GetProperty("items").GetArrayLength() > 0);
            Add($"list {count:N0} profiles, a page of 20 masked (HTTP, full pipeline), p95", list, "the same page read from the table, nothing decrypted (SQL only)");

            var alias = await Measure(
                i => BenchContext.Json<JsonElement>(editor.GetAsync($"/api/netizen-registry/profiles?search={Uri.EscapeDataString(Planted)}&pageSize=20")),
                i => RawAsync(db, "select data, count(*) over () from netizen_registry.mt_doc_profile where data ->> 'alias' like $1 order by data ->> 'alias' limit 20", $"%{Planted}%"),
                page => page.GetProperty("total").GetInt32() > 0);
            Add($"search by alias ({Planted}, in 1% of them), first page masked, p95", alias, "the same LIKE over the table (SQL only)");

            var byMobile = await Measure(
                i => BenchContext.Json<JsonElement>(editor.PostAsJsonAsync("/api/netizen-registry/profiles/find-by-mobile", new { mobile = mobiles[random.Next(mobiles.Count)] })),
                i => RawAsync(db, "select data from netizen_registry.mt_doc_profile where data ->> 'mobileIndex' = $1", open.Index(mobiles[random.Next(mobiles.Count)])),
                found => found.GetArrayLength() == 1);
            Add("search by mobile number through the blind index (HMAC), answered masked, p95", byMobile, "the same indexed lookup in SQL");

            // What the masks and the blind index save: opening the sealed values instead.
            var decrypted = new List<double>();
            for (var i = 0; i < Math.Min(rounds, 20); i++)
            {
                var start = Stopwatch.GetTimestamp();
                await open.ScanAsync(db, mobiles[random.Next(mobiles.Count)]);
                decrypted.Add(BenchContext.Ms(start));
            }
            rows.Add(new Row($"finding a number by opening every sealed number instead ({count:N0} AES-GCM decryptions after reading every row), median",
                $"{BenchContext.Median(decrypted):0.0} ms", $"through the blind index (HTTP): median {BenchContext.Median(byMobile.Api):0.0} ms",
                $"{BenchContext.Median(decrypted) / BenchContext.Median(byMobile.Api):0.0}", "", null));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        return new Section("Netizen registry list and search (issue 17)", $"""
            In-process host with the directory and netizen-registry plugins, durable embedded PostgreSQL. {count:N0} profiles of one city,
            each with a real name and a mobile number sealed with AES-256-GCM by the module's own `PersonalData` (its masks and blind
            index beside them, as the module stores them), then ANALYZE. As a city editor, {rounds} requests per case after a warm-up:
            `GET /api/netizen-registry/profiles?page=N` (a random page of 20, masked), `…?search={Planted}` and
            `POST …/profiles/find-by-mobile` (a random registered number; the handler computes its HMAC and looks up the indexed field).
            Baseline, after each request: the same rows read by SQL straight from the module's table (no HTTP, no pipeline, no
            masking, nothing decrypted). Last row: what finding a number would cost without the blind index (read every row and
            open every sealed number).
            """, rows);
    }

    private static async Task RawAsync(string db, string query, object parameter)
    {
        await using var sql = new NpgsqlConnection(db);
        await sql.OpenAsync();
        await using var cmd = new NpgsqlCommand(query, sql) { Parameters = { new() { Value = parameter } } };
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) { }
    }

    /// <summary>The module's sealing service, reached by reflection (its types are internal to the plugin).</summary>
    private sealed class Sealer(object data, Type profileType)
    {
        private readonly System.Reflection.MethodInfo _seal = data.GetType().GetMethod("Seal")!, _open = data.GetType().GetMethod("Open")!,
            _index = data.GetType().GetMethod("MobileIndex")!;
        public Type ProfileType => profileType;
        public object Seal(string plain, string context) => _seal.Invoke(data, [plain, context])!;
        public string Open(object sealedValue, string context) => (string)_open.Invoke(data, [sealedValue, context])!;
        public string Index(string mobile) => (string)_index.Invoke(data, [mobile])!;

        /// <summary>Reads every profile and opens each sealed number until the one looked for (all of them when it is last).</summary>
        public async Task ScanAsync(string db, string mobile)
        {
            await using var sql = new NpgsqlConnection(db);
            await sql.OpenAsync();
            await using var cmd = new NpgsqlCommand("select id, data -> 'mobile' ->> 'key', data -> 'mobile' ->> 'data' from netizen_registry.mt_doc_profile", sql);
            await using var reader = await cmd.ExecuteReaderAsync();
            var sealedType = data.GetType().Assembly.GetType("NetInfoSuite.Modules.NetizenRegistry.Domain.Sealed")!;
            var found = 0;
            while (await reader.ReadAsync())
                if (Open(Activator.CreateInstance(sealedType, reader.GetString(1), reader.GetString(2))!, $"{reader.GetGuid(0)}/mobile") == mobile) found++;
            if (found != 1) throw new InvalidOperationException($"the scan found {found}");
        }
    }

    // Profiles as the module stores them: its document type, its sealing and masks, 1,000 to a transaction.
    private static async Task<(Sealer Open, List<string> Mobiles)> SeedAsync(Microsoft.AspNetCore.Builder.WebApplication app, Guid city, int count)
    {
        var services = BenchContext.Services(app);
        var module = services.GetRequiredService<NetInfoSuite.Host.Plugins.ModuleCatalog>().Loaded.Single(m => m.Id == "netizen-registry").Assembly!;
        var profileType = module.GetType("NetInfoSuite.Modules.NetizenRegistry.Domain.Profile")!;
        var presenceType = module.GetType("NetInfoSuite.Modules.NetizenRegistry.Domain.PlatformPresence")!;
        var readingType = module.GetType("NetInfoSuite.Modules.NetizenRegistry.Domain.FollowerReading")!;
        var masksType = module.GetType("NetInfoSuite.Modules.NetizenRegistry.Domain.ContactMasks")!;
        var masks = module.GetType("NetInfoSuite.Modules.NetizenRegistry.Domain.Masks")!;
        var sealer = new Sealer(services.GetRequiredService(module.GetType("NetInfoSuite.Modules.NetizenRegistry.Domain.PersonalData")!), profileType);
        var store = services.GetRequiredService<IDocumentStore>();
        var random = new Random(170);
        const string surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗";
        const string given = "明月清风朗晴霞光云海松涛雪梅冬林";
        string[] words = ["镜泊", "林海", "冬捕", "黑土", "牡丹", "江畔", "北国", "森林", "木耳", "边城"];
        var mobiles = new List<string>();
        for (var batch = 0; batch < count; batch += 1000)
        {
            await using var session = store.LightweightSession();
            for (var i = batch; i < Math.Min(count, batch + 1000); i++)
            {
                var id = Guid.CreateVersion7();
                var name = $"{surnames[random.Next(surnames.Length)]}{given[random.Next(given.Length)]}{given[random.Next(given.Length)]}";
                var mobile = $"139{random.Next(10_000_000, 99_999_999)}";
                mobiles.Add(mobile);
                var alias = (i % 100 == 0 ? Planted : words[random.Next(words.Length)]) + $"网友{i:D5}";
                var profile = Activator.CreateInstance(profileType)!;
                void Set(string property, object? value) => profileType.GetProperty(property)!.SetValue(profile, value);
                Set("Id", id); Set("Alias", alias); Set("UnitId", city); Set("UnitPath", "/" + city.ToString("N") + "/");
                Set("CreatedAt", DateTimeOffset.UtcNow); Set("ContactKeeper", "bench-registry");
                var presence = Activator.CreateInstance(presenceType)!;
                presenceType.GetProperty("Handle")!.SetValue(presence, $"handle{i}");
                var followers = (IList)presenceType.GetProperty("Followers")!.GetValue(presence)!;
                followers.Add(Activator.CreateInstance(readingType, new DateOnly(2026, 11, 1), (long)random.Next(100, 2_000_000)));
                ((IList)profileType.GetProperty("Platforms")!.GetValue(profile)!).Add(presence);
                profileType.GetMethod("Retier")!.Invoke(profile, null);
                Set("RealName", sealer.Seal(name, $"{id}/realName"));
                Set("Mobile", sealer.Seal(mobile, $"{id}/mobile"));
                Set("MobileIndex", sealer.Index(mobile));
                Set("Masked", Activator.CreateInstance(masksType, masks.GetMethod("Name")!.Invoke(null, [name]), masks.GetMethod("Mobile")!.Invoke(null, [mobile]), null, null));
                session.StoreObjects([profile]);
            }
            await session.SaveChangesAsync();
        }
        return (sealer, mobiles);
    }
}
