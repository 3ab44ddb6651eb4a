using System.Globalization;

namespace NetInfoSuite.Contracts.Kernel;

/// <summary>The office's calendar periods. A week runs Sunday to Saturday (the rankings' convention). (Since 1.4.)</summary>
public enum OfficePeriodKind { Day, Week, Month, Quarter, Year }

/// <summary>Whole office days <see cref="From"/>..<see cref="To"/> and the instants they cover: from
/// <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive, the next day's first moment), both in UTC so they
/// can be compared with stored times and sent to PostgreSQL as they are. (Since 1.4.)</summary>
public readonly record struct OfficePeriod(DateOnly From, DateOnly To, DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;
}

/// <summary>The platform's one clock in the office's time zone (Beijing time unless configured otherwise:
/// <c>NetInfo:TimeZone</c>), whatever zone the server runs in. Days, weeks, months, "today", deadlines, displayed
/// and entered times all go through it; never <c>DateTime.Now</c>, <c>GetLocalNow</c>, <c>ToLocalTime</c> or UTC
/// dates. Built on the host's <see cref="TimeProvider"/>, so a test's fake clock moves it too. Store instants
/// as they are (<see cref="TimeProvider.GetUtcNow"/>); convert only to show, to enter, and to cut days. (Since 1.4.)</summary>
public interface IOfficeClock
{
    /// <summary>The office's time zone.</summary>
    TimeZoneInfo Zone { get; }

    /// <summary>The current instant with the office's offset (its <c>DateTime</c> is the office's wall clock).</summary>
    DateTimeOffset Now { get; }

    /// <summary>The office's calendar day now.</summary>
    DateOnly Today { get; }

    /// <summary>The instant with the office's offset, for display.</summary>
    DateTimeOffset ToOffice(DateTimeOffset instant);

    /// <summary>The office day the instant falls on.</summary>
    DateOnly DayOf(DateTimeOffset instant);

    /// <summary>The instant (UTC) of a wall-clock time entered in the office's zone (a form's date and time),
    /// whatever its <see cref="DateTime.Kind"/> says.</summary>
    DateTimeOffset FromOffice(DateTime officeTime);

    /// <summary>The first moment (UTC) of the office day.</summary>
    DateTimeOffset StartOf(DateOnly day);

    /// <summary>The office days <paramref name="from"/>..<paramref name="to"/> as a period of instants.</summary>
    OfficePeriod Days(DateOnly from, DateOnly to);

    /// <summary>The day, week (Sunday–Saturday), month, quarter or year containing the day.</summary>
    OfficePeriod Containing(OfficePeriodKind kind, DateOnly day);
}

/// <summary>Calendar arithmetic of the office's periods (no time zone involved). (Since 1.4.)</summary>
public static class OfficeCalendar
{
    /// <summary>The first and last day of the period of this kind that contains the day.</summary>
    public static (DateOnly From, DateOnly To) Containing(OfficePeriodKind kind, DateOnly day)
    {
        var from = kind switch
        {
            OfficePeriodKind.Day => day,
            OfficePeriodKind.Week => day.AddDays(-(int)day.DayOfWeek),
            OfficePeriodKind.Month => new DateOnly(day.Year, day.Month, 1),
            OfficePeriodKind.Quarter => new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1),
            _ => new DateOnly(day.Year, 1, 1),
        };
        var to = kind switch
        {
            OfficePeriodKind.Day => from,
            OfficePeriodKind.Week => from.AddDays(6),
            OfficePeriodKind.Month => from.AddMonths(1).AddDays(-1),
            OfficePeriodKind.Quarter => from.AddMonths(3).AddDays(-1),
            _ => from.AddYears(1).AddDays(-1),
        };
        return (from, to);
    }
}

/// <summary>Times as the office reads them, for pages, workbooks and exports. (Since 1.4.)</summary>
public static class OfficeTimeText
{
    public const string Minute = "yyyy-MM-dd HH:mm";
    public const string ShortMinute = "MM-dd HH:mm";
    public const string Second = "yyyy-MM-dd HH:mm:ss";

    /// <summary>The instant in office time, by default as "2026-11-30 23:37".</summary>
    public static string Show(this IOfficeClock clock, DateTimeOffset instant, string format = Minute) =>
        clock.ToOffice(instant).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>As <see cref="Show(IOfficeClock, DateTimeOffset, string)"/>; null stays null.</summary>
    public static string? Show(this IOfficeClock clock, DateTimeOffset? instant, string format = Minute) =>
        instant is { } at ? clock.Show(at, format) : null;

    /// <summary>Reads a time given as text (a query string, an XML element): with an offset or Z it is that instant;
    /// without one ("2026-12-01 09:30", "2026-12-01") it is office time, never the server's. (Since 1.6.)</summary>
    public static bool TryParseOffice(this IOfficeClock clock, string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)) return false;
        instant = time.Kind == DateTimeKind.Unspecified ? clock.FromOffice(time)
            : DateTimeOffset.Parse(text!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return true;
    }

    /// <summary>The office's wall-clock time of the instant, for a <c>datetime-local</c> input or a workbook cell.</summary>
    public static DateTime OfficeDateTime(this IOfficeClock clock, DateTimeOffset instant) =>
        DateTime.SpecifyKind(clock.ToOffice(instant).DateTime, DateTimeKind.Unspecified);
}
