using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Host.Shell;
using Xunit;

namespace NetInfoSuite.Host.Tests.Time;

/// <summary>The office clock cuts days, weeks, months, quarters and years at midnight Beijing time (16:00 UTC the
/// day before), whatever the server's zone, and moves with the platform's (fake) clock.</summary>
public sealed class OfficeClockTests
{
    private static readonly TimeZoneInfo Beijing = OfficeClock.ZoneFrom(new ConfigurationBuilder().Build());

    private static OfficeClock At(int month, int day, int hour, int minute) =>
        new(new FakeTimeProvider(new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8))), Beijing);

    private static DateTimeOffset Utc(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Today_is_the_Beijing_day_at_23_30_and_00_30()
    {
        var late = At(11, 30, 23, 30); // 15:30 UTC
        Assert.Equal(new DateOnly(2026, 11, 30), late.Today);
        Assert.Equal(new DateTime(2026, 11, 30, 23, 30, 0), late.Now.DateTime);
        Assert.Equal(TimeSpan.FromHours(8), late.Now.Offset);

        var early = At(12, 1, 0, 30); // 16:30 UTC on 30 November
        Assert.Equal(new DateOnly(2026, 12, 1), early.Today);
    }

    [Fact]
    public void Periods_start_and_end_at_midnight_Beijing_time()
    {
        var clock = At(12, 1, 0, 30);
        var day = new DateOnly(2026, 12, 1); // a Tuesday

        Assert.Equal(new OfficePeriod(day, day, Utc(2026, 11, 30, 16), Utc(2026, 12, 1, 16)), clock.Containing(OfficePeriodKind.Day, day));
        Assert.Equal(new OfficePeriod(new(2026, 11, 29), new(2026, 12, 5), Utc(2026, 11, 28, 16), Utc(2026, 12, 5, 16)),
            clock.Containing(OfficePeriodKind.Week, day)); // Sunday to Saturday
        Assert.Equal(new OfficePeriod(new(2026, 12, 1), new(2026, 12, 31), Utc(2026, 11, 30, 16), Utc(2026, 12, 31, 16)),
            clock.Containing(OfficePeriodKind.Month, day));
        Assert.Equal(new OfficePeriod(new(2026, 10, 1), new(2026, 12, 31), Utc(2026, 9, 30, 16), Utc(2026, 12, 31, 16)),
            clock.Containing(OfficePeriodKind.Quarter, day));
        Assert.Equal(new OfficePeriod(new(2026, 1, 1), new(2026, 12, 31), Utc(2025, 12, 31, 16), Utc(2026, 12, 31, 16)),
            clock.Containing(OfficePeriodKind.Year, day));
        Assert.Equal(new OfficePeriod(new(2026, 11, 1), new(2026, 11, 30), Utc(2026, 10, 31, 16), Utc(2026, 11, 30, 16)),
            clock.Containing(OfficePeriodKind.Month, new DateOnly(2026, 11, 30)));
        Assert.Equal(Utc(2026, 11, 30, 16), clock.StartOf(day));
        Assert.Equal(TimeSpan.Zero, clock.StartOf(day).Offset); // safe to send to PostgreSQL as it is
    }

    [Fact]
    public void A_deadline_at_03_00_Beijing_on_the_first_falls_in_that_month()
    {
        var clock = At(12, 1, 0, 30);
        var due = new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.FromHours(8)); // 19:00 UTC on 30 November
        Assert.True(clock.Containing(OfficePeriodKind.Month, new DateOnly(2026, 12, 1)).Contains(due));
        Assert.False(clock.Containing(OfficePeriodKind.Month, new DateOnly(2026, 11, 1)).Contains(due));
        Assert.Equal(new DateOnly(2026, 12, 1), clock.DayOf(due));
    }

    [Fact]
    public void Times_are_shown_and_entered_in_Beijing_time()
    {
        var clock = At(11, 30, 23, 30);
        var deadline = new DateTimeOffset(2026, 11, 30, 15, 37, 0, TimeSpan.Zero);
        Assert.Equal("2026-11-30 23:37", clock.Show(deadline));
        Assert.Equal("11-30 23:37", clock.Show(deadline, OfficeTimeText.ShortMinute));
        Assert.Null(clock.Show((DateTimeOffset?)null));
        Assert.Equal(new DateTime(2026, 11, 30, 23, 37, 0), clock.OfficeDateTime(deadline));
        // An entered time means office time, whatever kind the form's DateTime carries.
        Assert.Equal(deadline, clock.FromOffice(new DateTime(2026, 11, 30, 23, 37, 0, DateTimeKind.Local)));
        Assert.Equal(deadline, clock.FromOffice(new DateTime(2026, 11, 30, 23, 37, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void The_zone_comes_from_configuration_and_an_unknown_one_is_refused()
    {
        static TimeZoneInfo Zone(string? id) => OfficeClock.ZoneFrom(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["NetInfo:TimeZone"] = id }).Build());
        Assert.Equal(TimeSpan.FromHours(8), Zone(null).BaseUtcOffset);
        var york = Zone("America/New_York");
        var clock = new OfficeClock(new FakeTimeProvider(Utc(2026, 3, 8, 12)), york);
        // The day daylight saving starts has 23 hours.
        var day = clock.Containing(OfficePeriodKind.Day, new DateOnly(2026, 3, 8));
        Assert.Equal(TimeSpan.FromHours(23), day.End - day.Start);
        Assert.Equal(Utc(2026, 3, 8, 5), day.Start);
        Assert.Contains("Mars/Olympus", Assert.Throws<InvalidOperationException>(() => Zone("Mars/Olympus")).Message);
    }
}
