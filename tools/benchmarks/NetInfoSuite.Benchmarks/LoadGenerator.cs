using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

/// <summary>The load side of the feedback benchmark, run as a second process (`NetInfoSuite.Benchmarks load …`) so it
/// does not share the server's process: posts one report per task id, from N concurrent connections, and prints
/// {requests, errors, seconds, p50, p99} as JSON.</summary>
internal static class LoadGenerator
{
    public sealed record Result(int Requests, int Errors, double Seconds, double P50, double P99, string? FirstError = null)
    {
        public double PerSecond => Requests / Seconds;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).First();
        var ids = await File.ReadAllLinesAsync(Arg("--ids"));
        var concurrency = int.Parse(Arg("--concurrency"));
        var path = Arg("--path");
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            { BaseAddress = new Uri(Arg("--url")) };
        if (args.Contains("--token")) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Arg("--token"));

        var latencies = new double[ids.Length];
        var next = -1;
        var errors = 0;
        string? firstError = null;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ids.Length)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var content = new StringContent($$"""{"clientKey":"k{{i}}","reached":300}""", Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(path.Replace("{id}", ids[i]), content);
                if (!response.IsSuccessStatusCode && Interlocked.Increment(ref errors) == 1)
                    firstError = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        }));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new Result(ids.Length, errors, seconds,
            BenchContext.Percentile(latencies, 0.5), BenchContext.Percentile(latencies, 0.99), firstError)));
        return 0;
    }
}
