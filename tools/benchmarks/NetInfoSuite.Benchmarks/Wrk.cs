using System.Diagnostics;
using System.Text.Json;

/// <summary>wrk (Debian's package) as a second load generator: the same reports as <see cref="LoadGenerator"/>, one per
/// task id, from a Lua script; reports the same {requests, errors, seconds, p50, p99}.</summary>
internal sealed class Wrk(string executable)
{
    public static Wrk? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "wrk")).FirstOrDefault(File.Exists) is { } path
            ? new Wrk(path) : null;

    private const int Threads = 2;
    public const int Seconds = 3;

    // Each thread takes every Threads-th id, one per request, for a fixed time (wrk's main thread always waits out its
    // duration, so a run cannot end by count): give it more ids than it can send; past the last it repeats ids, which
    // are refused and counted as errors.
    private const string Script = """
        local counter = 0
        function setup(thread)
          thread:set("tid", counter)
          counter = counter + 1
        end
        function init(args)
          ids = {}
          local i = 0
          for line in io.lines(args[1]) do
            if i % tonumber(args[2]) == tid then ids[#ids + 1] = line end
            i = i + 1
          end
          prefix = args[3]
          token = args[4]
          sent = 0
        end
        function request()
          sent = sent + 1
          local headers = { ["Content-Type"] = "application/json" }
          if token ~= nil and token ~= "" then headers["Authorization"] = "Bearer " .. token end
          return wrk.format("POST", prefix .. ids[(sent - 1) % #ids + 1] .. "/feedback", headers,
            '{"clientKey":"w' .. tid .. '-' .. sent .. '","reached":300}')
        end
        function done(summary, latency, requests)
          local e = summary.errors
          io.write(string.format('{"Requests":%d,"Errors":%d,"Seconds":%f,"P50":%f,"P99":%f}\n', summary.requests,
            e.status + e.connect + e.read + e.write + e.timeout, summary.duration / 1e6, latency:percentile(50) / 1000,
            latency:percentile(99) / 1000))
        end
        """;

    public async Task<LoadGenerator.Result> RunAsync(BenchContext bench, int port, string path, string? token, string[] ids, int connections)
    {
        var work = Path.Combine(bench.Work, $"wrk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        await File.WriteAllLinesAsync(Path.Combine(work, "ids.txt"), ids);
        await File.WriteAllTextAsync(Path.Combine(work, "feedback.lua"), Script);
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, WorkingDirectory = work };
        foreach (var a in new[] { "-t", Threads.ToString(), "-c", connections.ToString(), "-d", $"{Seconds}s", "--timeout", "10s", "-s", "feedback.lua",
                     $"http://127.0.0.1:{port}", "--", "ids.txt", Threads.ToString(), path[..path.IndexOf("{id}", StringComparison.Ordinal)], token ?? "" })
            info.ArgumentList.Add(a);
        using var run = Process.Start(info)!;
        var output = await run.StandardOutput.ReadToEndAsync();
        await run.WaitForExitAsync();
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
                   ?? throw new InvalidOperationException("wrk printed no result: " + output);
        return JsonSerializer.Deserialize<LoadGenerator.Result>(line)!;
    }
}
