using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;
using MiniExcelLibs;

/// <summary>The console's figures (issue 5): server render time of the heaviest list page (the org units, 5,000
/// rows behind it, one page of 20 at a time, sorted by name) next to the JSON API answering the same page, and
/// the first load of that page in headless Chromium with a cold cache, chart included. A real Kestrel host on
/// loopback, with the directory plugin loaded from disk.</summary>
internal static class ConsoleCases
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var (units, requests, loads) = bench.Quick ? (300, 40, 2) : (5_000, 400, 15);
        var port = BenchContext.FreePort();
        var app = await bench.StartHostAsync(await bench.NewDatabaseAsync(), "directory", urls: $"http://127.0.0.1:{port}");
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        try
        {
            using var browserLike = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
                { BaseAddress = baseAddress };
            (await browserLike.PostAsJsonAsync("/api/auth/sign-in", new { login = "admin", password = "Bench#Pass-2026" })).EnsureSuccessStatusCode();
            await SeedTreeAsync(browserLike, units);
            var total = (await browserLike.GetFromJsonAsync<JsonElement>("/api/directory/units?pageSize=1")).GetProperty("total").GetInt64();
            var pages = (int)Math.Max(1, total / 20);

            // Alternating HTML page and JSON API for the same page number, so drift hits both alike.
            var html = new List<double>();
            var json = new List<double>();
            for (var i = 0; i < requests + 20; i++)
            {
                var page = 1 + i * 7919 % pages;
                var h = await TimeAsync(browserLike, $"/directory?sort=name&page={page}");
                var j = await TimeAsync(browserLike, $"/api/directory/units?sort=name&pageSize=20&page={page}");
                if (i < 20) continue; // warm-up
                html.Add(h);
                json.Add(j);
            }

            var (loaded, charted) = await BrowserLoadsAsync(baseAddress, loads);
            return new Section("The console (issue 5)", $"""
                A real Kestrel host on loopback with the directory plugin from disk; {total:N0} org units imported. Server time is the
                whole HTTP exchange on loopback for the heaviest list page, `/directory?sort=name&page=N` (20 rows, sorted in the
                database, with the per-level chart's counts, the navigation and the unread count), alternated with the JSON API answering
                the same page; {requests} pairs after 20 of warm-up, pages spread over the list. Browser loads: headless Chromium, each in a
                new context (cold cache), signed in, until the load event and until the chart's canvas exists (ECharts, 1.1 MB, is
                fetched on demand).
                """,
            [
                new($"org units page (HTML, {total:N0} units, 20 per page, sorted by name), server time p95", $"{P(html, 0.95):0.0} ms",
                    $"JSON API, same page: {P(json, 0.95):0.0} ms", $"{P(html, 0.95) / P(json, 0.95):0.00}", "< 100 ms", P(html, 0.95) < 100),
                new("same, median", $"{P(html, 0.5):0.0} ms", $"{P(json, 0.5):0.0} ms", $"{P(html, 0.5) / P(json, 0.5):0.00}", "", null),
                new($"first load in Chromium, cold cache (load event), median of {loads}", $"{P(loaded, 0.5):0} ms", "", "", "< 1 s", P(loaded, 0.5) < 1000),
                new("same, until the chart is drawn, median", $"{P(charted, 0.5):0} ms", "", "", "", null),
            ]);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    // A city, 10 counties, streets under them and communities under the streets, up to the asked total, in one import.
    private static async Task SeedTreeAsync(HttpClient client, int units)
    {
        var rows = new List<Dictionary<string, object>> { Row("B0", "基准市", "市", "") };
        for (var c = 1; c <= 10; c++) rows.Add(Row($"B{c}", $"基准县{c}", "县（市、区）", "B0"));
        for (var s = 1; s <= 100; s++) rows.Add(Row($"B{s % 10 + 1}-{s}", $"基准街道{s}", "乡镇（街道）", $"B{s % 10 + 1}"));
        for (var v = 1; rows.Count < units; v++)
        {
            var street = v % 100 + 1;
            rows.Add(Row($"B{street % 10 + 1}-{street}-{v}", $"基准社区{v:00000}", "村（社区）", $"B{street % 10 + 1}-{street}"));
        }
        using var xlsx = new MemoryStream();
        xlsx.SaveAs(rows);
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(xlsx.ToArray()), "file", "tree.xlsx");
        var token = (await client.GetFromJsonAsync<JsonElement>("/api/auth/antiforgery")).GetProperty("token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/directory/import") { Content = form };
        request.Headers.Add("X-CSRF-TOKEN", token);
        var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());

        static Dictionary<string, object> Row(string code, string name, string level, string parent) =>
            new() { ["编码"] = code, ["名称"] = name, ["层级"] = level, ["上级编码"] = parent };
    }

    private static async Task<double> TimeAsync(HttpClient client, string url)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{url}: {response.StatusCode}");
        return elapsed;
    }

    // Each load in a new browser context: no cached CSS, script or ECharts.
    private static async Task<(List<double> Loaded, List<double> Charted)> BrowserLoadsAsync(Uri baseAddress, int loads)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--disable-gpu"] });
        var loaded = new List<double>();
        var charted = new List<double>();
        for (var i = 0; i < loads + 1; i++)
        {
            await using var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), Locale = "zh-CN" });
            await context.APIRequest.PostAsync("/api/auth/sign-in", new() { DataObject = new { login = "admin", password = "Bench#Pass-2026" } });
            var page = await context.NewPageAsync();
            var start = Stopwatch.GetTimestamp();
            await page.GotoAsync("/directory?sort=name", new() { WaitUntil = WaitUntilState.Load });
            var load = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            await page.Locator(".chart-canvas canvas").WaitForAsync();
            var chart = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i == 0) continue; // the browser's own first start
            loaded.Add(load);
            charted.Add(chart);
        }
        return (loaded, charted);
    }

    private static double P(List<double> xs, double q) => xs.Order().ElementAt((int)Math.Min(xs.Count - 1, Math.Ceiling(q * xs.Count) - 1));
}
