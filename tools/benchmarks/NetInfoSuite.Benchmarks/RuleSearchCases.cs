using System.Collections;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>Issue 16: Chinese full-text search over 10,000 rules of realistic length (bigram tokens under a GIN index,
/// ADR 0025) through the API, beside the plain ILIKE scan of the same texts and the search's own SQL.</summary>
internal static class RuleSearchCases
{
    // Words a user looks for, planted in a known share of the rules (none of them occurs in the filler).
    private static readonly (string Word, double Share)[] Rare = [("意识形态", 0.01), ("违规外包", 0.002), ("等级保护", 0.10)];
    private const string Common = "网络"; // in every rule

    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var (count, rounds, scans) = bench.Quick ? (500, 10, 3) : (10_000, 30, 5);
        var db = await bench.NewDatabaseAsync();
        var app = await bench.StartHostAsync(db, "directory,compliance");
        var rows = new List<Row>();
        try
        {
            var admin = await BenchContext.ClientAsync(app, "admin", BenchContext.AdminPassword);
            var city = (await BenchContext.Json<JsonElement>(admin.PostAsJsonAsync("/api/directory/units", new { code = "S0", name = "检索市", level = "City" })))
                .GetProperty("id").GetGuid();
            await BenchContext.CreateUserAsync(admin, "bench-rules", city, "ComplianceOfficer");
            var office = await BenchContext.ClientAsync(app, "bench-rules", BenchContext.UserPassword);
            var chars = await SeedAsync(app, city, count);
            await using (var sql = new NpgsqlConnection(db))
            {
                await sql.OpenAsync();
                await using var analyze = new NpgsqlCommand("analyze compliance.rule_search; analyze compliance.mt_doc_rule", sql);
                await analyze.ExecuteNonQueryAsync();
            }

            async Task<(List<double> Api, List<double> Scan)> Measure(IEnumerable<string> words)
            {
                var (api, scan) = (new List<double>(), new List<double>());
                foreach (var word in words)
                {
                    var url = $"/api/compliance/rules?q={Uri.EscapeDataString(word)}";
                    await BenchContext.Json<JsonElement>(office.GetAsync(url)); // warm-up
                    for (var i = 0; i < rounds; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        var page = await BenchContext.Json<JsonElement>(office.GetAsync(url));
                        api.Add(BenchContext.Ms(start));
                        if (page.GetProperty("total").GetInt32() == 0) throw new InvalidOperationException($"nothing found for {word}");
                        if (i < scans) scan.Add(await ScanAsync(db, word)); // the scan is slow: a few of them tell its time
                    }
                }
                return (api, scan);
            }

            var (rareApi, rareScan) = await Measure(Rare.Select(r => r.Word));
            var p95 = BenchContext.Percentile(rareApi, 0.95);
            var scanP95 = BenchContext.Percentile(rareScan, 0.95);
            rows.Add(new Row($"search {count:N0} rules (avg {chars / count:N0} characters) for {string.Join(", ", Rare.Select(r => $"{r.Word} ({r.Share:P1} of them)"))}: HTTP, full pipeline, first page, p95",
                $"{p95:0.0} ms (median {BenchContext.Median(rareApi):0.0})", $"plain ILIKE scan of the same texts (SQL only): p95 {scanP95:0.0} ms (median {BenchContext.Median(rareScan):0.0})",
                $"{p95 / scanP95:0.00}", "p95 < 100 ms", p95 < 100));
            var (commonApi, commonScan) = await Measure([Common]);
            rows.Add(new Row($"the same for {Common}, which every rule holds (ranking all {count:N0}), p95", $"{BenchContext.Percentile(commonApi, 0.95):0.0} ms",
                $"plain ILIKE scan: p95 {BenchContext.Percentile(commonScan, 0.95):0.0} ms", $"{BenchContext.Percentile(commonApi, 0.95) / BenchContext.Percentile(commonScan, 0.95):0.00}", "", null));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        return new Section("Rules library search (issue 16)", $"""
            In-process host with the directory and compliance plugins, durable embedded PostgreSQL. {count:N0} rules of the city, each
            1,500–6,000 characters of governance text, stored through the module's own document type and search index, then ANALYZE.
            Each word is searched {rounds} times after a warm-up through `GET /api/compliance/rules?q=…` as a city compliance officer
            (authorization, scope, the indexed query, ranking, loading the page's 20 rules and cutting their excerpts). Baseline, after
            each of the first {scans} requests of a word: `title ilike '%word%' or body ilike '%word%'` over the same normalised texts,
            first 20 rows and the count (a sequential scan).
            """, rows);
    }

    private static async Task<double> ScanAsync(string db, string word)
    {
        await using var sql = new NpgsqlConnection(db);
        await sql.OpenAsync();
        var start = Stopwatch.GetTimestamp();
        await using var cmd = new NpgsqlCommand("""
            select rule_id, count(*) over () from compliance.rule_search where title ilike $1 or body ilike $1 limit 20
            """, sql) { Parameters = { new() { Value = $"%{word}%" } } };
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) { }
        return BenchContext.Ms(start);
    }

    // Rules built of random sentences from a generated pool, the searched words planted in their shares; stored as the
    // module stores them (its document type, its index writer), 500 to a transaction.
    private static async Task<long> SeedAsync(Microsoft.AspNetCore.Builder.WebApplication app, Guid city, int count)
    {
        var services = BenchContext.Services(app);
        var module = services.GetRequiredService<NetInfoSuite.Host.Plugins.ModuleCatalog>().Loaded.Single(m => m.Id == "compliance").Assembly!;
        var ruleType = module.GetType("NetInfoSuite.Modules.Compliance.Domain.Rule")!;
        var versionType = module.GetType("NetInfoSuite.Modules.Compliance.Domain.RuleVersion")!;
        var status = Enum.Parse(module.GetType("NetInfoSuite.Modules.Compliance.Domain.RuleStatus")!, "Effective");
        var write = module.GetType("NetInfoSuite.Modules.Compliance.Rules.RuleIndex")!.GetMethod("WriteAsync", BindingFlags.Public | BindingFlags.Static)!;
        var store = services.GetRequiredService<IDocumentStore>();
        var random = new Random(16);
        string[] subjects = ["各级网信部门", "各县（市）区", "市直各单位", "主管主办单位", "网站运营单位", "新媒体账号管理员", "属地管理部门", "网络平台", "融媒体中心", "值班人员"];
        string[] verbs = ["应当建立健全", "要切实加强", "须定期开展", "负责组织落实", "应及时报告", "不得擅自变更", "要严格执行", "应当配合做好", "须全面落实", "要持续完善"];
        string[] objects = ["信息发布审核制度", "账号注册备案管理", "内容巡查和应急处置", "安全责任制", "舆情监测研判", "数据安全保护", "值班值守和信息报送", "技术防护措施",
            "年度检查考核", "用户个人信息保护", "平台主体责任", "从业人员教育培训", "重大活动安全保障", "问题整改台账"];
        string Sentence() => $"{subjects[random.Next(subjects.Length)]}{verbs[random.Next(verbs.Length)]}{objects[random.Next(objects.Length)]}工作，确保{objects[random.Next(objects.Length)]}落到实处。";
        long chars = 0;
        for (var batch = 0; batch < count; batch += 500)
        {
            await using var session = store.LightweightSession();
            for (var i = batch; i < Math.Min(count, batch + 500); i++)
            {
                var text = new StringBuilder($"第一条 为规范网络信息内容管理，制定本办法。\n");
                var length = random.Next(1_500, 6_000);
                var article = 2;
                while (text.Length < length)
                {
                    text.Append($"第{article++}条 ");
                    for (var s = random.Next(2, 6); s > 0; s--) text.Append(Sentence());
                    foreach (var (word, share) in Rare)
                        if (random.NextDouble() < share / 20) text.Append($"加强{word}工作。");
                    text.Append('\n');
                }
                // The first rule holds every word, so a small (--quick) run finds each of them too.
                foreach (var (word, share) in Rare)
                    if (random.NextDouble() < share || i == 0) text.Append($"附则 本办法涉及{word}的事项另行规定。\n");
                chars += text.Length;
                var rule = Activator.CreateInstance(ruleType)!;
                void Set(string name, object? value) => ruleType.GetProperty(name)!.SetValue(rule, value);
                Set("Id", Guid.CreateVersion7()); Set("Title", $"网络信息内容管理办法第{i}号"); Set("DocumentNumber", $"检网信发〔2026〕{i}号");
                Set("IssuingBody", "检索市委网信办"); Set("IssuedOn", new DateOnly(2026, 1, 1).AddDays(i % 300)); Set("Status", status);
                Set("Keeper", city); Set("KeeperName", "检索市"); Set("UnitPath", "/" + city.ToString("N") + "/");
                var versions = (IList)ruleType.GetProperty("Versions")!.GetValue(rule)!;
                versions.Add(Activator.CreateInstance(versionType, 1, text.ToString(), "bench-rules", DateTimeOffset.UtcNow, null, null, null));
                session.StoreObjects([rule]);
                await (Task)write.Invoke(null, [session, rule, CancellationToken.None])!;
            }
            await session.SaveChangesAsync();
        }
        return chars;
    }
}
