using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Npgsql;

/// <summary>Issue 7: operators' reports over HTTP under load from a second process on loopback, against the bare
/// endpoint (a plugin storing the same report in the same row with the same statement, nothing else).</summary>
internal static class FeedbackLoadCases
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var (perRun, connections, rounds) = bench.Quick ? (500, new[] { 8 }, 1) : (5_000, new[] { 32, 128 }, 4);
        // wrk (Debian's package), when installed, loads both sides too: the machine's own ceiling for the same requests.
        // Not in quick mode: it runs for a fixed time and needs more tasks than a smoke run seeds.
        var wrk = bench.Quick ? null : Wrk.Find();
        var warm = 500;
        var perWrk = 20_000; // more than wrk sends in its run's seconds on this machine
        var perSide = warm + perRun * rounds * connections.Length + (wrk is null ? 0 : perWrk * connections.Length);
        var db = await bench.NewDatabaseAsync();
        var plugins = bench.PluginFolder("directory", "grid-dispatch", "bare-feedback");
        var port = BenchContext.FreePort();
        using var host = bench.StartHostProcess(bench.Work, port, $"--ConnectionStrings:Marten={db}", $"--NetInfo:PluginsPath={plugins}",
            "--Serilog:MinimumLevel:Default=Warning");
        try
        {
            using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await BenchContext.WaitReadyAsync(admin, host);
            await SignInAsync(admin, "admin", BenchContext.AdminPassword);
            var community = await SeedAsync(admin, perSide * 2 + 1_000);
            using var office = new HttpClient { BaseAddress = admin.BaseAddress };
            await SignInAsync(office, "bench-city", BenchContext.UserPassword);
            // Two directives: one's tasks for the full pipeline, the other's for the bare endpoint.
            var pipelineTasks = new Queue<string>(await IssueAsync(office, db, "GridGroup"));
            var bareTasks = new Queue<string>(await IssueAsync(office, db, "Residents"));
            var operatorToken = await SignInAsync(new HttpClient { BaseAddress = admin.BaseAddress }, "bench-op", BenchContext.UserPassword);
            const string pipelinePath = "/api/grid-dispatch/tasks/{id}/feedback", barePath = "/api/bare-feedback/tasks/{id}/feedback";
            string[] Take(Queue<string> tasks, int n) => Enumerable.Range(0, n).Select(_ => tasks.Dequeue()).ToArray();

            var runs = new List<(string Side, string Tool, int Connections, LoadGenerator.Result Result, DatabaseWork Db)>();
            async Task Run(string side, string tool, int c)
            {
                var (path, token, tasks) = side == "bare" ? (barePath, null, bareTasks) : (pipelinePath, operatorToken, pipelineTasks);
                await bench.DatabaseWorkAsync(db); // counters from zero
                var result = tool == "wrk" ? await wrk!.RunAsync(bench, port, path, token, Take(tasks, perWrk), c)
                    : await LoadAsync(bench, port, path, token, Take(tasks, perRun), c);
                var statements = runs.Count < 2 ? await bench.TopStatementsAsync(db) : null; // the first run of each side: where its database time goes
                runs.Add((side, tool, c, result, await bench.DatabaseWorkAsync(db)));
                foreach (var (query, calls, meanMs) in statements ?? [])
                    Console.Error.WriteLine($"bench: feedback:   {side}: {calls,6} × {meanMs * 1000,6:0} µs  {query}");
                Console.Error.WriteLine($"bench: feedback: {side}, {tool}, {c} connections: {result}, {runs[^1].Db}");
            }
            await LoadAsync(bench, port, pipelinePath, operatorToken, Take(pipelineTasks, warm), connections[0]);
            await LoadAsync(bench, port, barePath, null, Take(bareTasks, warm), connections[0]);
            foreach (var c in connections)
                for (var r = 0; r < rounds; r++)
                {
                    await Run("bare", "in-house", c);
                    await Run("pipeline", "in-house", c);
                }
            if (wrk is not null)
                foreach (var c in connections)
                {
                    await Run("bare", "wrk", c);
                    await Run("pipeline", "wrk", c);
                }
            // A broken endpoint stops the run; a rare failed request (seen once in several CI runs) is reported and misses the goal.
            var errors = runs.Sum(x => x.Result.Errors);
            var firstError = runs.Select(x => x.Result.FirstError).FirstOrDefault(e => e is not null);
            if (errors > runs.Sum(x => x.Result.Requests) / 100)
                throw new InvalidOperationException($"{errors} requests failed, first: {firstError}");
            if (errors > 0) Console.Error.WriteLine($"bench: feedback: {errors} request(s) failed, first: {firstError}");

            var rows = new List<Row>();
            foreach (var tool in runs.Select(x => x.Tool).Distinct())
                foreach (var c in connections)
                {
                    (LoadGenerator.Result Result, DatabaseWork Db) Best(string side) =>
                        runs.Where(x => x.Side == side && x.Tool == tool && x.Connections == c).MaxBy(x => x.Result.PerSecond) switch { var x => (x.Result, x.Db) };
                    var (p, b) = (Best("pipeline"), Best("bare"));
                    var failed = runs.Where(x => x.Tool == tool && x.Connections == c).Sum(x => x.Result.Errors);
                    string Figures((LoadGenerator.Result R, DatabaseWork Db) x) =>
                        $"{x.R.PerSecond:0} req/s, p50 {x.R.P50:0.0} ms, p99 {x.R.P99:0.0} ms; database: {(double)x.Db.Statements / x.R.Requests:0.0} statements, " +
                        $"{x.Db.Ms * 1000 / x.R.Requests:0} µs per report";
                    var ratio = p.Result.PerSecond / b.Result.PerSecond;
                    // With c requests always in flight, the mean latency is c ÷ rate (Little's law): at 128 connections a p99 under
                    // 50 ms needs well over 2,560 req/s, more than the bare endpoint manages here. There the goal is the ratio alone.
                    var (goal, met) = tool == "wrk" ? ("(the machine's ceiling: reference)", (bool?)null)
                        : c <= 32 ? ("≥ 2,000 req/s, p99 < 50 ms; ratio ≥ 0.6", failed == 0 && p.Result.PerSecond >= 2000 && p.Result.P99 < 50 && ratio >= 0.6)
                        : ("ratio ≥ 0.6 (p99 < 50 ms is out of reach with 128 in flight, for the bare endpoint too)", failed == 0 && ratio >= 0.6);
                    rows.Add(new($"feedback reports per second (full pipeline), {c} connections, {tool} load", Figures(p), "bare endpoint: " + Figures(b),
                        $"{ratio:0.00}{(failed > 0 ? $"; {failed} failed request(s)" : "")}", goal, met));
                }
            return new Section("Feedback under load (issue 7)", $"""
                The host as its own process (Release, Kestrel on loopback, log level Warning) with the directory, grid-dispatch and the
                bench-only bare-feedback plugins; durable embedded PostgreSQL. A second process posts one report per task from
                {string.Join(" and ", connections)} concurrent connections: {perRun:N0} reports per run, {rounds} alternating run(s) per side and
                connection count after {warm} of warm-up; the best run of each side. "Measured": `POST /api/grid-dispatch/tasks/…/feedback` as a
                signed-in grid operator (bearer token checked, validation, authorization, the update, the audit record). "Baseline": the bare
                endpoint, the same UPDATE … RETURNING on the same table, nothing else. Both processes share this machine's cores.
                "Database": statements run per report (BEGIN and COMMIT included) and the database's time on them, from pg_stat_statements.
                {(wrk is null ? "No wrk rows (quick mode, or wrk not installed)." : $"The wrk rows: the same reports sent by wrk 4 (Debian's package; 2 threads, one {Wrk.Seconds}-second run per side and connection count).")}
                """, rows);
        }
        finally
        {
            if (!host.HasExited) { host.Kill(entireProcessTree: true); await host.WaitForExitAsync(); }
        }
    }

    private static async Task<string> SignInAsync(HttpClient client, string login, string password)
    {
        var token = (await BenchContext.Json<JsonElement>(client.PostAsJsonAsync("/api/auth/token", new { login, password })))
            .GetProperty("accessToken").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }

    // A city, a county, a street, a community; the operator and a city administrator; the groups (half of each kind).
    private static async Task<Guid> SeedAsync(HttpClient admin, int groups)
    {
        async Task<Guid> Unit(string code, string level, Guid? parentId) =>
            (await BenchContext.Json<JsonElement>(admin.PostAsJsonAsync("/api/directory/units", new { code, name = "基准" + code, level, parentId })))
            .GetProperty("id").GetGuid();
        var city = await Unit("L0", "City", null);
        var street = await Unit("L0-1-1", "Street", await Unit("L0-1", "County", city));
        var community = await Unit("L0-1-1-1", "Community", street);
        await BenchContext.CreateUserAsync(admin, "bench-op", community, "GridOperator");
        await BenchContext.CreateUserAsync(admin, "bench-city", city, "CityAdmin");

        using var office = new HttpClient { BaseAddress = admin.BaseAddress };
        await SignInAsync(office, "bench-city", BenchContext.UserPassword);
        for (var from = 0; from < groups; from += 100_000) // the import's own limit per workbook
        {
            using var xlsx = new MemoryStream();
            xlsx.SaveAs(Enumerable.Range(from, Math.Min(100_000, groups - from)).Select(i => new Dictionary<string, object>
            {
                ["群名称"] = $"基准群{i:000000}", ["类型"] = i % 2 == 0 ? "网格群" : "居民群", ["平台"] = "微信", ["所属村（社区）编码"] = "L0-1-1-1",
                ["管理员"] = "基准管理员", ["管理员账号"] = "bench-op", ["成员数"] = 300,
            }));
            using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx.ToArray()), "file", "groups.xlsx" } };
            await BenchContext.Json<JsonElement>(office.PostAsync("/api/grid-dispatch/groups/import", form));
        }
        return community;
    }

    private static async Task<string[]> IssueAsync(HttpClient office, string db, string kind)
    {
        var id = (await BenchContext.Json<JsonElement>(office.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "基准 " + kind, body = "基准", category = "General", urgency = "Routine", delivery = "Direct", target = new { kinds = new[] { kind } },
        }))).GetProperty("id").GetGuid();
        await BenchContext.Json<JsonElement>(office.PostAsync($"/api/grid-dispatch/directives/{id}/approve", null));
        await BenchContext.Json<JsonElement>(office.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null));
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("select id from grid_dispatch.tasks where directive_id = $1 order by id", connection) { Parameters = { new() { Value = id } } };
        var ids = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0).ToString());
        return [.. ids];
    }

    private static async Task<LoadGenerator.Result> LoadAsync(BenchContext bench, int port, string path, string? token, string[] ids, int concurrency)
    {
        var idsFile = Path.Combine(bench.Work, $"ids-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(idsFile, ids);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        foreach (var a in new[] { typeof(LoadGenerator).Assembly.Location, "load", "--url", $"http://127.0.0.1:{port}", "--path", path,
                     "--ids", idsFile, "--concurrency", concurrency.ToString() }.Concat(token is null ? [] : ["--token", token]))
            info.ArgumentList.Add(a);
        using var load = Process.Start(info)!;
        var output = await load.StandardOutput.ReadToEndAsync();
        await load.WaitForExitAsync();
        return JsonSerializer.Deserialize<LoadGenerator.Result>(output.Trim().Split('\n')[^1])!;
    }
}
