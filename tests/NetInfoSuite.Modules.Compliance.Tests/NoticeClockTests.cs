using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>What the calendar does to notices: numbers restart at 1 in a new (Beijing) year. A world of its own: the
/// fake clock moves forward here.</summary>
public sealed class NoticeClockTests(NoticeClockTests.World world) : IClassFixture<NoticeClockTests.World>
{
    /// <summary>Starts on the last day of a year (the audit trail keeps months near the clock's).</summary>
    public sealed class World(NetInfoSuite.Testing.PostgresServer postgres) : ComplianceWorld(postgres)
    {
        protected override DateTimeOffset Start => new(2026, 12, 31, 10, 0, 0, TimeSpan.FromHours(8));
    }

    [Fact]
    public async Task A_new_year_in_Beijing_restarts_the_numbers_at_one()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var year = world.Today.Year;
        await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(3));
        var last = await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(3));

        // 1 January, 00:30 in Beijing is still 31 December in UTC: the office's year counts.
        world.Clock.SetUtcNow(new DateTimeOffset(year + 1, 1, 1, 0, 30, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        officer = await ComplianceWorld.FreshAsync(world.Officer);
        var first = await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(3));
        var second = await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(3));

        Assert.Equal($"牡网信整字〔{year}〕第2号", last.Number);
        Assert.Equal($"牡网信整字〔{year + 1}〕第1号", first.Number);
        Assert.Equal($"牡网信整字〔{year + 1}〕第2号", second.Number);
    }
}
