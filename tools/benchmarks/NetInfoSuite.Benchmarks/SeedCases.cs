using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using NetInfoSuite.Cli;
using NetInfoSuite.Cli.Seed;
using Npgsql;

/// <summary>Issue 19: the operator's seed of a whole city through the public API against the host as a deployment runs
/// it, the database it leaves, and the heaviest page of each module with that city loaded.</summary>
internal static class SeedCases
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var (scale, timed) = bench.Quick ? (SeedScale.Small, 3) : (SeedScale.City, 30);
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
            var seeder = await Commands.SeedWithAsync(api, "admin", () => new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(10) },
                scale, 1, new TextOutput());
            var seedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var refused = seeder.Parts.Where(p => p.Outcome.StartsWith("跳过", StringComparison.Ordinal)).Select(p => p.Name).ToList();
            if (refused.Count > 0) throw new InvalidOperationException($"the seed skipped {string.Join(", ", refused)}");

            long bytes;
            await using (var connection = new NpgsqlConnection(db))
            {
                await connection.OpenAsync();
                await using var size = new NpgsqlCommand("select pg_database_size(current_database())", connection);
                bytes = (long)(await size.ExecuteScalarAsync())!;
            }

            var pages = await PagesAsync(api, url, timed);
            var rows = new List<Row>
            {
                new($"seed `{scale.Name}` through the HTTP API (every part, every module)", $"{seedSeconds:0.0} s", "", "",
                    bench.Quick ? "" : "< 60 s", bench.Quick ? null : seedSeconds < 60),
                new("database size after the seed", $"{bytes / 1024.0 / 1024:0} MB", "", "", "", null),
            };
            rows.AddRange(pages.Select(p => new Row($"{p.Module}: `{p.Path}` server time, p95 (median)", $"{p.P95:0.0} ms ({p.Median:0.0} ms)", "", "", "", null)));
            return new Section("Operator seed and each module's heaviest page (issue 19)", $"""
                The host as its own process (Release, every module, log level Warning) on a durable embedded PostgreSQL; `tools/netinfo
                seed --scale {scale.Name}` run against it through the public HTTP API ({seeder.Parts.Count} parts: the tree, users, groups,
                accounts and a year of daily figures, directives and feedback, the media unit registry, notices, netizens, the evaluation).
                Then, as a city administrator signed in with a cookie as the console is, each module's heaviest page over HTTP on loopback
                (the whole exchange for the page's HTML, with navigation and counts): {timed} timed loads after 3 of warm-up.
                """, rows);
        }
        finally
        {
            if (!host.HasExited) { host.Kill(entireProcessTree: true); await host.WaitForExitAsync(); }
        }
    }

    private sealed record PageTime(string Module, string Path, double Median, double P95);

    /// <summary>Each module's heaviest page as the city administrator sees it: the longest lists and the pages that
    /// aggregate the most rows (rankings over a year, the evaluation, a city-wide directive's progress, a plan's scores).</summary>
    private static async Task<List<PageTime>> PagesAsync(NetInfoApi admin, Uri url, int timed)
    {
        var cityId = (await admin.GetAllAsync("/api/directory/units")).First(u => u.GetProperty("code").GetString() == CityPlan.MudanjiangCode).GetProperty("id").GetGuid();
        await BenchContext.CreateUserAsync(admin.Http, "bench.pages", cityId, "CityAdmin");
        var office = NetInfoApi.For(url);
        await office.SignInAsync("bench.pages", BenchContext.UserPassword);
        var directive = (await office.GetAsync("/api/grid-dispatch/directives?pageSize=50")).GetProperty("items").EnumerateArray()
            .First(d => d.GetProperty("status").GetString() == "Issued").GetProperty("id").GetGuid();
        var plan = (await office.GetAsync("/api/inspection/plans?pageSize=1")).GetProperty("items")[0].GetProperty("id").GetGuid();

        using var browser = await Pages.SignInAsync(url, "bench.pages");
        (string Module, string Path)[] pages =
        [
            ("directory", "/directory?sort=name&page=5"),
            ("grid-dispatch", $"/grid-dispatch/directives/{directive}"),
            ("grid-dispatch", "/grid-dispatch/evaluation"),
            ("account-matrix", "/account-matrix/rankings"),
            ("account-matrix", "/account-matrix"),
            ("compliance", "/compliance/notices"),
            ("netizen-registry", "/netizen-registry"),
            ("inspection", $"/inspection/plans/{plan}/scores"),
        ];
        var times = new List<PageTime>();
        foreach (var (module, path) in pages)
        {
            var time = await Pages.TimeAsync(browser, path, timed);
            if (time.P95 is not { } p95) throw new InvalidOperationException($"{path}: {time.Text}");
            times.Add(new(module, path.Split('?')[0].Replace(directive.ToString(), "{id}").Replace(plan.ToString(), "{id}"), time.Median!.Value, p95));
        }
        return times;
    }
}

/// <summary>A page's server time as the console loads it: the whole exchange for its HTML over HTTP with a cookie.</summary>
internal static class Pages
{
    public sealed record Time(double? Median, double? P95, string Text);

    /// <summary>A cookie client signed in as <paramref name="login"/> (a bench user, <see cref="BenchContext.UserPassword"/>).</summary>
    public static async Task<HttpClient> SignInAsync(Uri url, string login)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = url };
        (await browser.PostAsJsonAsync("/api/auth/sign-in", new { login, password = BenchContext.UserPassword })).EnsureSuccessStatusCode();
        return browser;
    }

    /// <summary><paramref name="timed"/> loads after 3 of warm-up. A page the user may not open (403, 404) is reported as
    /// such, not timed; any other answer but a page throws.</summary>
    public static async Task<Time> TimeAsync(HttpClient browser, string path, int timed)
    {
        var ms = new List<double>();
        for (var i = 0; i < 3 + timed; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await browser.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound) return new(null, null, $"not shown (HTTP {(int)response.StatusCode})");
            if (response.StatusCode != HttpStatusCode.OK || !html.Contains("<main", StringComparison.Ordinal))
                throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
            if (i >= 3) ms.Add(BenchContext.Ms(start));
        }
        var (median, p95) = (BenchContext.Median(ms), BenchContext.Percentile(ms, 0.95));
        return new(median, p95, $"{p95:0.0} ms ({median:0.0} ms)");
    }
}
