using NetInfoSuite.Contracts.Kernel;

namespace NetInfoSuite.Host.Shell;

/// <summary>The office's clock: the platform's <see cref="TimeProvider"/> read in the office's zone
/// (<c>NetInfo:TimeZone</c>, Asia/Shanghai by default), never the server's.</summary>
public sealed class OfficeClock(TimeProvider time, TimeZoneInfo zone) : IOfficeClock
{
    public const string DefaultZone = "Asia/Shanghai";

    public TimeZoneInfo Zone => zone;
    public DateTimeOffset Now => ToOffice(time.GetUtcNow());
    public DateOnly Today => DayOf(time.GetUtcNow());

    public DateTimeOffset ToOffice(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToOffice(instant).DateTime);

    public DateTimeOffset FromOffice(DateTime officeTime)
    {
        var local = DateTime.SpecifyKind(officeTime, DateTimeKind.Unspecified);
        // A time skipped by a daylight-saving change does not exist: it means the same time after the change.
        // (Beijing has none; the zone is configurable.) An ambiguous one takes the standard offset.
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public DateTimeOffset StartOf(DateOnly day) => FromOffice(day.ToDateTime(TimeOnly.MinValue));

    public OfficePeriod Days(DateOnly from, DateOnly to) => new(from, to, StartOf(from), StartOf(to.AddDays(1)));

    public OfficePeriod Containing(OfficePeriodKind kind, DateOnly day)
    {
        var (from, to) = OfficeCalendar.Containing(kind, day);
        return Days(from, to);
    }

    /// <summary>The configured zone. The default is Beijing time even where the system lacks time-zone data
    /// (China has kept UTC+8 without daylight saving since 1991); a zone named in configuration must exist.</summary>
    public static TimeZoneInfo ZoneFrom(IConfiguration config)
    {
        var id = config["NetInfo:TimeZone"];
        if (string.IsNullOrWhiteSpace(id) || id == DefaultZone)
            return TimeZoneInfo.TryFindSystemTimeZoneById(DefaultZone, out var shanghai) ? shanghai
                : TimeZoneInfo.CreateCustomTimeZone(DefaultZone, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone
            : throw new InvalidOperationException($"NetInfo:TimeZone '{id}' is not a time zone known to this system (e.g. Asia/Shanghai).");
    }
}
