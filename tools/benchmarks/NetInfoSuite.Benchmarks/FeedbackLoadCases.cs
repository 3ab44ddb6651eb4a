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
        var (perRun, concurrency, rounds) = bench.Quick ? (500, 8, 1) : (10_000, 32, 2);
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
            var community = await SeedAsync(admin, perRun * rounds * 2 + 1_000);
            using var office = new HttpClient { BaseAddress = admin.BaseAddress };
            await SignInAsync(office, "bench-city", BenchContext.UserPassword);
            // Two directives: one's tasks for the full pipeline, the other's for the bare endpoint.
            var pipelineTasks = await IssueAsync(office, db, "GridGroup");
            var bareTasks = await IssueAsync(office, db, "Residents");
            var operatorToken = await SignInAsync(new HttpClient { BaseAddress = admin.BaseAddress }, "bench-op", BenchContext.UserPassword);

            var runs = new List<(string Side, LoadGenerator.Result Result)>();
            var warm = 500;
            await LoadAsync(bench, port, "/api/grid-dispatch/tasks/{id}/feedback", operatorToken, pipelineTasks[..warm], concurrency);
            await LoadAsync(bench, port, "/api/bare-feedback/tasks/{id}/feedback", null, bareTasks[..warm], concurrency);
            for (var r = 0; r < rounds; r++)
            {
                var slice = new Range(warm + r * perRun, warm + (r + 1) * perRun);
                runs.Add(("bare", await LoadAsync(bench, port, "/api/bare-feedback/tasks/{id}/feedback", null, bareTasks[slice], concurrency)));
                runs.Add(("pipeline", await LoadAsync(bench, port, "/api/grid-dispatch/tasks/{id}/feedback", operatorToken, pipelineTasks[slice], concurrency)));
            }
            // A broken endpoint stops the run; a rare failed request (seen once in several CI runs) is reported and misses the goal.
            var errors = runs.Sum(x => x.Result.Errors);
            var firstError = runs.Select(x => x.Result.FirstError).FirstOrDefault(e => e is not null);
            if (errors > runs.Sum(x => x.Result.Requests) / 100)
                throw new InvalidOperationException($"{errors} requests failed, first: {firstError}");
            if (errors > 0) Console.Error.WriteLine($"bench: feedback: {errors} request(s) failed, first: {firstError}");
            LoadGenerator.Result Best(string side) => runs.Where(x => x.Side == side).MaxBy(x => x.Result.PerSecond).Result;
            var (p, b) = (Best("pipeline"), Best("bare"));
            return new Section("Feedback under load (issue 7)", $"""
                The host as its own process (Release, Kestrel on loopback, log level Warning) with the directory, grid-dispatch and the
                bench-only bare-feedback plugins; durable embedded PostgreSQL. A second process posts one report per task from
                {concurrency} concurrent connections: {perRun:N0} reports per run, {rounds} alternating run(s) per side after {warm} of warm-up;
                the best run of each side. "Measured": `POST /api/grid-dispatch/tasks/…/feedback` as a signed-in grid operator
                (bearer token checked, validation, authorization, the update, the audit record). "Baseline": the bare endpoint, the
                same UPDATE … RETURNING on the same table, nothing else. Both processes share this machine's cores.
                """,
            [
                new("feedback reports per second (full pipeline)", $"{p.PerSecond:0} req/s, p50 {p.P50:0.0} ms, p99 {p.P99:0.0} ms",
                    $"bare endpoint: {b.PerSecond:0} req/s, p50 {b.P50:0.0} ms, p99 {b.P99:0.0} ms", $"{p.PerSecond / b.PerSecond:0.00}{(errors > 0 ? $"; {errors} failed request(s)" : "")}",
                    "≥ 2,000 req/s, p99 < 50 ms; ratio ≥ 0.6", errors == 0 && p.PerSecond >= 2000 && p.P99 < 50 && p.PerSecond / b.PerSecond >= 0.6),
            ]);
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
        using var xlsx = new MemoryStream();
        xlsx.SaveAs(Enumerable.Range(0, groups).Select(i => new Dictionary<string, object>
        {
            ["群名称"] = $"基准群{i:000000}", ["类型"] = i % 2 == 0 ? "网格群" : "居民群", ["平台"] = "微信", ["所属村（社区）编码"] = "L0-1-1-1",
            ["管理员"] = "基准管理员", ["管理员账号"] = "bench-op", ["成员数"] = 300,
        }));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx.ToArray()), "file", "groups.xlsx" } };
        await BenchContext.Json<JsonElement>(office.PostAsync("/api/grid-dispatch/groups/import", form));
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
