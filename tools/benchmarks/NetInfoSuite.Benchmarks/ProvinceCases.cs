using System.Diagnostics;
using NetInfoSuite.Cli;
using NetInfoSuite.Cli.Seed;
using Npgsql;

/// <summary>Issues 19 and 22: the province seed (黑龙江省 and its 13 cities) through the public API against the host as a
/// deployment runs it, then how cost grows with scale: each module's heaviest page as the province's office beside the
/// same page as 牡丹江's office in the same database, and a directive issued to every group of the province beside one
/// issued to every group of the city, each against a binary COPY of the same task rows.</summary>
internal static class ProvinceCases
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var (cities, cityScale, timed, rounds) = bench.Quick ? (2, SeedScale.Small, 3, 1) : (13, SeedScale.City, 30, 3);
        var db = await bench.NewDatabaseAsync();
        var port = BenchContext.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        using var host = bench.StartHostProcess(bench.Work, port, $"--ConnectionStrings:Marten={db}", "--Serilog:MinimumLevel:Default=Warning");
        try
        {
            var api = NetInfoApi.For(url);
            await BenchContext.WaitReadyAsync(api.Http, host);
            await api.SignInAsync("admin", BenchContext.AdminPassword);
            var started = Stopwatch.GetTimestamp();
            var seeder = await Commands.SeedProvinceWithAsync(api, "admin", () => new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(10) },
                cityScale, 1, cities, new TextOutput());
            var seedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var refused = seeder.Parts.Where(p => p.Outcome.StartsWith("跳过", StringComparison.Ordinal)).Select(p => p.Name).ToList();
            if (refused.Count > 0) throw new InvalidOperationException($"the seed skipped {string.Join(", ", refused)}");

            await using var sql = new NpgsqlConnection(db);
            await sql.OpenAsync();
            var size = await ScalarAsync<long>(sql, "select pg_database_size(current_database())");
            var counts = await ScalarAsync<string>(sql, """
                select format('%s units, %s groups, %s accounts, %s grid tasks',
                  to_char((select count(*) from directory.mt_doc_orgunit), 'FM999,999,999'),
                  to_char((select count(*) from grid_dispatch.mt_doc_gridgroup), 'FM999,999,999'),
                  to_char((select count(*) from account_matrix.mt_doc_account), 'FM999,999,999'),
                  to_char((select count(*) from grid_dispatch.tasks), 'FM999,999,999'))
                """);
            await ExecuteAsync(sql, "analyze");

            var units = await api.GetAllAsync("/api/directory/units");
            Guid UnitOf(string code) => units.First(u => u.GetProperty("code").GetString() == code).GetProperty("id").GetGuid();
            await BenchContext.CreateUserAsync(api.Http, "bench.province", UnitOf(ProvincePlan.ProvinceCode), "CityAdmin");
            await BenchContext.CreateUserAsync(api.Http, "bench.city", UnitOf(CityPlan.MudanjiangCode), "CityAdmin");
            var province = NetInfoApi.For(url);
            await province.SignInAsync("bench.province", BenchContext.UserPassword);
            var city = NetInfoApi.For(url);
            await city.SignInAsync("bench.city", BenchContext.UserPassword);

            // Fan-out: each office issues to every group it reaches; the last directive of each is the progress page below.
            await ExecuteAsync(sql, "create table grid_dispatch.tasks_copy (like grid_dispatch.tasks including all)");
            var fanOut = new List<Row>();
            var lastIssued = new Dictionary<NetInfoApi, Guid>();
            foreach (var (office, who, tag) in new[] { (city, "牡丹江's office: every group of the city", "市"), (province, $"the province's office: every group of its {cities} cities", "省") })
            {
                var (issueMs, copyMs, tasks) = (new List<double>(), new List<double>(), 0);
                for (var round = -1; round < rounds; round++) // round -1 warms up
                {
                    var draft = await office.PostAsync("/api/grid-dispatch/directives", new
                    {
                        title = $"基准指令（{tag}）{round + 2}", body = "基准", category = "General", urgency = "Routine", delivery = "Direct",
                        target = new { orgUnits = Array.Empty<Guid>(), kinds = Array.Empty<string>(), groups = Array.Empty<Guid>(), accounts = Array.Empty<Guid>() },
                    });
                    var id = draft.GetProperty("id").GetGuid();
                    await office.PostAsync($"/api/grid-dispatch/directives/{id}/approve", new { });
                    var start = Stopwatch.GetTimestamp();
                    var issued = await office.PostAsync($"/api/grid-dispatch/directives/{id}/issue", new { });
                    var ms = BenchContext.Ms(start);
                    tasks = issued.GetProperty("tasks").GetInt32();
                    var copy = await CopySameRowsAsync(sql, id);
                    lastIssued[office] = id;
                    if (round < 0) continue;
                    issueMs.Add(ms);
                    copyMs.Add(copy);
                }
                var (issue, baseline) = (BenchContext.Median(issueMs), BenchContext.Median(copyMs));
                fanOut.Add(new Row($"issue a directive as {who} ({tasks:N0} groups; HTTP, full pipeline, one transaction)", $"{issue:0} ms",
                    $"binary COPY of the same {tasks:N0} task rows: {baseline:0} ms", $"{baseline / issue:0.00}", "ratio ≥ 0.5", baseline / issue >= 0.5));
            }

            var pages = new List<Row>();
            var cityPlan = (await city.GetAsync("/api/inspection/plans?pageSize=1")).GetProperty("items")[0].GetProperty("id").GetGuid();
            (string Module, string Path, bool ById)[] heaviest =
            [
                ("directory", "/directory?sort=name&page=5", false),
                ("grid-dispatch", "/grid-dispatch/directives/{directive}", true),
                ("grid-dispatch", "/grid-dispatch/evaluation", false),
                ("account-matrix", "/account-matrix/rankings", false),
                ("account-matrix", "/account-matrix", false),
                ("compliance", "/compliance/notices", false),
                ("netizen-registry", "/netizen-registry", false),
                ("inspection", $"/inspection/plans/{cityPlan}/scores", false),
            ];
            using var provinceBrowser = await Pages.SignInAsync(url, "bench.province");
            using var cityBrowser = await Pages.SignInAsync(url, "bench.city");
            foreach (var (module, path, byDirective) in heaviest)
            {
                var asProvince = await Pages.TimeAsync(provinceBrowser, path.Replace("{directive}", lastIssued[province].ToString()), timed);
                var asCity = await Pages.TimeAsync(cityBrowser, path.Replace("{directive}", lastIssued[city].ToString()), timed);
                var shown = path.Split('?')[0].Replace(cityPlan.ToString(), "{id}").Replace("{directive}", "{id}");
                pages.Add(new Row($"{module}: `{shown}`{(byDirective ? " (the directive above)" : module == "inspection" ? " (牡丹江's plan)" : "")} as the province's office, server time p95 (median)",
                    asProvince.Text, $"as 牡丹江's office: {asCity.Text}", asProvince.P95 is { } p && asCity.P95 is { } c ? $"{p / c:0.00}" : "", "", null));
            }

            var rows = new List<Row>
            {
                new($"seed `province` through the HTTP API ({ProvincePlan.ProvinceName} and {cities} cities at `{cityScale.Name}` scale, every part, every module)",
                    $"{seedSeconds / 60:0} min {seedSeconds % 60:00} s", "", "", "", null),
                new("database size and rows after the seed", $"{size / 1024.0 / 1024:0} MiB; {counts}", "", "", "", null),
            };
            rows.AddRange(fanOut);
            rows.AddRange(pages);
            return new Section("Province scale: seed, fan-out and each module's heaviest page (issues 19 and 22)", $"""
                The host as its own process (every module, log level Warning) on a durable embedded PostgreSQL; `tools/netinfo seed --scale
                province --cities {cities} --city-scale {cityScale.Name}` run against it through the public HTTP API on an empty database
                ({seeder.Parts.Count} parts: the province's office, then each city as the city scale seeds 牡丹江, by that city's own users).
                Then ANALYZE, and two administrators signed in: the province's office (黑龙江省) and 牡丹江's, in the same database. Fan-out:
                each drafts, approves and issues a directive to every group it reaches ({rounds} round(s) after one of warm-up, median), timed
                `POST /issue`, beside a binary COPY of the very task rows that issue made into an identical table (ratio = COPY ÷ issue).
                Pages: each module's heaviest page over HTTP on loopback with a cookie, as the console loads it (the whole exchange for the
                HTML), {timed} timed loads after 3 of warm-up, as each office; ratio = province ÷ city. The directive page is each office's
                last fan-out directive above (the province's spans every city).
                """, rows);
        }
        finally
        {
            if (!host.HasExited) { host.Kill(entireProcessTree: true); await host.WaitForExitAsync(); }
        }
    }

    /// <summary>Copies the task rows a directive's issue made, byte for byte in PostgreSQL's binary format, into the twin
    /// table: the rows are read out first, only the write is timed.</summary>
    private static async Task<double> CopySameRowsAsync(NpgsqlConnection sql, Guid directive)
    {
        using var rows = new MemoryStream();
        await using (var read = await sql.BeginRawBinaryCopyAsync($"copy (select * from grid_dispatch.tasks where directive_id = '{directive}') to stdout (format binary)"))
            await read.CopyToAsync(rows);
        rows.Position = 0;
        var start = Stopwatch.GetTimestamp();
        await using (var write = await sql.BeginRawBinaryCopyAsync("copy grid_dispatch.tasks_copy from stdin (format binary)"))
            await rows.CopyToAsync(write);
        return BenchContext.Ms(start);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection sql, string text)
    {
        await using var command = new NpgsqlCommand(text, sql) { CommandTimeout = 600 };
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection sql, string text)
    {
        await using var command = new NpgsqlCommand(text, sql) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
