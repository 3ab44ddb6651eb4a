using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NetInfoSuite.Host;

// The host exactly as Program builds it, with its clock stopped at NETINFO_FAKE_NOW (an ISO time with an offset; kept
// as UTC, as the system clock gives it):
// how a test sees what a server in any time zone (TZ) would do at a chosen moment.
var now = DateTimeOffset.Parse(Environment.GetEnvironmentVariable("NETINFO_FAKE_NOW")
    ?? throw new InvalidOperationException("Set NETINFO_FAKE_NOW, e.g. 2026-10-31T23:30:00+08:00"), CultureInfo.InvariantCulture);
var app = await NetInfoApp.BuildAsync(args, b => b.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(now.ToUniversalTime())));
await app.RunAsync();
