using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace NetInfoSuite.Modules.GridDispatch.Domain;

/// <summary>One step of supervision (督办): at <see cref="Offset"/> from the deadline (negative: before it).</summary>
public sealed record EscalationStep(string Step, TimeSpan Offset);

/// <summary>The office's settings (configuration section GridDispatch, README's table), with the defaults the issue names.</summary>
public sealed class DispatchOptions
{
    public Dictionary<Urgency, TimeSpan> Deadlines { get; init; } = new()
    {
        [Urgency.Routine] = TimeSpan.FromHours(48), [Urgency.Urgent] = TimeSpan.FromHours(4), [Urgency.Emergency] = TimeSpan.FromMinutes(30),
    };

    /// <summary>Per urgency: remind the operator before the deadline; at it mark overdue and tell the street;
    /// later tell the county, then the city.</summary>
    public Dictionary<Urgency, IReadOnlyList<EscalationStep>> Escalation { get; init; } = new()
    {
        [Urgency.Routine] = Steps(TimeSpan.FromHours(4), TimeSpan.FromHours(12), TimeSpan.FromHours(24)),
        [Urgency.Urgent] = Steps(TimeSpan.FromMinutes(60), TimeSpan.FromHours(1), TimeSpan.FromHours(2)),
        [Urgency.Emergency] = Steps(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30)),
    };

    /// <summary>Four eyes: who drafted a directive may not approve it.</summary>
    public bool FourEyes { get; init; } = true;

    /// <summary>Evaluation score weights: completion, timeliness, reach (they add up to 1).</summary>
    public double CompletionWeight { get; init; } = 0.6;
    public double TimelinessWeight { get; init; } = 0.3;
    public double ReachWeight { get; init; } = 0.1;

    public const string Remind = "remind", Overdue = "overdue", County = "escalate-county", City = "escalate-city";

    private static IReadOnlyList<EscalationStep> Steps(TimeSpan remindBefore, TimeSpan countyAfter, TimeSpan cityAfter) =>
    [
        new(Remind, -remindBefore), new(Overdue, TimeSpan.Zero), new(County, countyAfter), new(City, cityAfter),
    ];

    /// <summary>Reads the section. A value that is not a time span, or steps out of order, stop the module from
    /// loading with a message naming the setting (a deployment must not run on a silently ignored setting).</summary>
    public static DispatchOptions From(IConfiguration configuration)
    {
        var defaults = new DispatchOptions();
        var section = configuration.GetSection("GridDispatch");
        var deadlines = new Dictionary<Urgency, TimeSpan>();
        var escalation = new Dictionary<Urgency, IReadOnlyList<EscalationStep>>();
        foreach (var urgency in Enum.GetValues<Urgency>())
        {
            deadlines[urgency] = Span(section, $"Deadlines:{urgency}", defaults.Deadlines[urgency], positive: true);
            var steps = defaults.Escalation[urgency].ToDictionary(s => s.Step, s => s.Offset);
            var remind = Span(section, $"Escalation:{urgency}:RemindBefore", -steps[Remind], positive: false);
            var county = Span(section, $"Escalation:{urgency}:CountyAfter", steps[County], positive: false);
            var city = Span(section, $"Escalation:{urgency}:CityAfter", steps[City], positive: false);
            if (city < county)
                throw new InvalidOperationException(
                    $"GridDispatch:Escalation:{urgency}:CityAfter ({city}) must not come before CountyAfter ({county}).");
            escalation[urgency] = Steps(remind, county, city);
        }
        return new DispatchOptions
        {
            Deadlines = deadlines, Escalation = escalation,
            FourEyes = section.GetValue("FourEyes", defaults.FourEyes),
            CompletionWeight = section.GetValue("Score:Completion", defaults.CompletionWeight),
            TimelinessWeight = section.GetValue("Score:Timeliness", defaults.TimelinessWeight),
            ReachWeight = section.GetValue("Score:Reach", defaults.ReachWeight),
        };
    }

    private static TimeSpan Span(IConfiguration section, string key, TimeSpan fallback, bool positive)
    {
        if (section[key] is not { } text) return fallback;
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) || span < TimeSpan.Zero || (positive && span == TimeSpan.Zero))
            throw new InvalidOperationException(
                $"GridDispatch:{key} is '{text}': give a {(positive ? "positive" : "non-negative")} time span such as 01:30:00 or 2.00:00:00.");
        return span;
    }
}
