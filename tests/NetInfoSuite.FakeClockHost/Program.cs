using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NetInfoSuite.FakeClockHost;
using NetInfoSuite.Host;

// The host exactly as Program builds it, with its clock stopped at NETINFO_FAKE_NOW (an ISO time with an offset; kept
// as UTC, as the system clock gives it):
// how a test sees what a server in any time zone (TZ) would do at a chosen moment.
// NETINFO_FAKE_SPEED (optional, e.g. 480 = 8 simulated hours a real minute) lets the clock run fast from the moment
// the host is ready, so its recurring work and deadlines run on simulated time (the reliability suite's day).
var now = DateTimeOffset.Parse(Environment.GetEnvironmentVariable("NETINFO_FAKE_NOW")
    ?? throw new InvalidOperationException("Set NETINFO_FAKE_NOW, e.g. 2026-10-31T23:30:00+08:00"), CultureInfo.InvariantCulture);
var speedSetting = Environment.GetEnvironmentVariable("NETINFO_FAKE_SPEED");
var speed = speedSetting is null ? 0
    : double.TryParse(speedSetting, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s
    : throw new InvalidOperationException($"NETINFO_FAKE_SPEED must be a positive number (simulated seconds per real second), not '{speedSetting}'");
var clock = new FakeTimeProvider(now.ToUniversalTime());
var app = await NetInfoApp.BuildAsync(args, b =>
{
    b.Services.AddSingleton<TimeProvider>(clock);
    b.Services.AddSingleton<IStartupFilter>(new FakeClockEndpoints(clock, speed));
});
using var stopping = new CancellationTokenSource();
if (speed > 0) app.Lifetime.ApplicationStarted.Register(() => _ = FastClock.RunAsync(clock, speed, stopping.Token));
app.Lifetime.ApplicationStopping.Register(stopping.Cancel);
await app.RunAsync();

namespace NetInfoSuite.FakeClockHost
{
    /// <summary>Moves the fake clock on by the real time elapsed × speed. Anchored to when it started (not summed per
    /// tick), so a late tick never loses simulated time.</summary>
    internal static class FastClock
    {
        public static async Task RunAsync(FakeTimeProvider clock, double speed, CancellationToken ct)
        {
            var real = Stopwatch.StartNew();
            var advanced = TimeSpan.Zero;
            // Real time (the system's timer): each tick wakes every timer of the host whose simulated moment has come.
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            try
            {
                while (await tick.WaitForNextTickAsync(ct))
                {
                    var due = real.Elapsed * speed;
                    clock.Advance(due - advanced);
                    advanced = due;
                }
            }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>Test-only endpoints outside the host's generations (no sign-in): <c>GET /__fake-clock</c> answers the
    /// simulated time; <c>POST /__fake-clock/gc</c> forces a full, compacting collection and answers the managed heap
    /// left, so that a memory figure is not a matter of when the collector last ran.</summary>
    internal sealed class FakeClockEndpoints(FakeTimeProvider clock, double speed) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/__fake-clock", fake => fake.Run(async http =>
            {
                long? heap = null;
                if (http.Request.Path == "/gc" && HttpMethods.IsPost(http.Request.Method))
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    // Aggressive: also gives the collector's free memory back to the system, so what stays is what is held.
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    heap = GC.GetTotalMemory(forceFullCollection: false);
                }
                // Assemblies loaded from memory (no file) are generated code, such as Marten's document storage.
                var assemblies = AppDomain.CurrentDomain.GetAssemblies();
                await http.Response.WriteAsJsonAsync(new { now = clock.GetUtcNow(), speed, heapBytes = heap, workingSetBytes = Environment.WorkingSet,
                    assemblies = assemblies.Length, committedBytes = GC.GetGCMemoryInfo().TotalCommittedBytes, inMemoryAssemblies = assemblies.Count(a => a.IsDynamic || a.Location.Length == 0) });
            }));
            next(app);
        };
    }
}
