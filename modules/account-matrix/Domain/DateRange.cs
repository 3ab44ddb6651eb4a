using Microsoft.AspNetCore.Mvc;

namespace NetInfoSuite.Modules.AccountMatrix.Domain;

/// <summary>The calendar periods rankings are published for. A week runs Sunday to Saturday (the matrix's
/// weekly ranking convention).</summary>
public enum PeriodKind { Week, Month, Quarter, Year }

public readonly record struct DateRange(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>What every period must be: ending on or after its start, a year at most.</summary>
    public static bool IsValid(DateOnly from, DateOnly to) => to >= from && to.DayNumber - from.DayNumber < 366;

    public static readonly LocalizedText Invalid = new("期间须在一年以内且结束不早于开始", "The period must be a year or less and end after it starts");

    /// <summary>The period of this kind that contains the day.</summary>
    public static DateRange Containing(PeriodKind kind, DateOnly day)
    {
        var (from, to) = OfficeCalendar.Containing(kind switch
        {
            PeriodKind.Week => OfficePeriodKind.Week,
            PeriodKind.Month => OfficePeriodKind.Month,
            PeriodKind.Quarter => OfficePeriodKind.Quarter,
            _ => OfficePeriodKind.Year,
        }, day);
        return new DateRange(from, to);
    }

    /// <summary>The last whole period of this kind before the day (last week, last month…): what a ranking shows by default.</summary>
    public static DateRange LastWhole(PeriodKind kind, DateOnly today) => Containing(kind, Containing(kind, today).From.AddDays(-1));

    /// <summary>The period just before: the previous calendar period for a preset, else the same number of days.</summary>
    public DateRange Before(PeriodKind? kind) =>
        kind is { } k ? Containing(k, From.AddDays(-1)) : new DateRange(From.AddDays(-Days), From.AddDays(-1));
}

/// <summary>A period as the API takes it: a preset (<c>period=month</c>, optionally <c>at</c> a day inside it; by
/// default the last whole one) or a custom range (<c>from</c> and <c>to</c>).</summary>
public sealed record PeriodQuery([FromQuery(Name = "period")] string? Period, DateOnly? At, DateOnly? From, DateOnly? To)
{
    /// <summary>The preset asked for (week, month, quarter, year: any case), or null for a custom range.</summary>
    public PeriodKind? Kind => ParseKind(Period);

    public static PeriodKind? ParseKind(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : Enum.TryParse<PeriodKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !char.IsDigit(text[0]) ? kind
        : throw new RuleViolationException("period", $"周期“{text}”无效，须为 week、month、quarter 或 year", $"The period '{text}' must be week, month, quarter or year");

    public DateRange Resolve(IOfficeClock clock)
    {
        if (Kind is { } kind)
            return At is { } at ? DateRange.Containing(kind, at) : DateRange.LastWhole(kind, clock.Today);
        if (From is { } from && To is { } to)
        {
            if (!DateRange.IsValid(from, to)) throw new RuleViolationException("to", DateRange.Invalid.ZhCn, DateRange.Invalid.En);
            return new DateRange(from, to);
        }
        throw new RuleViolationException("period", "请选择周期（week、month、quarter、year）或填写起止日期（from、to）",
            "Give a period (week, month, quarter or year) or a range (from and to)");
    }
}

internal static class DateRangeRules
{
    /// <summary>The period ending here and starting at <paramref name="from"/> is valid (<see cref="DateRange.IsValid"/>).</summary>
    public static IRuleBuilderOptions<T, DateOnly> EndsAYearOrLessAfter<T>(this IRuleBuilder<T, DateOnly> to, Func<T, DateOnly> from) =>
        to.Must((x, end) => DateRange.IsValid(from(x), end)).WithMessage(_ => DateRange.Invalid.Current);
}
