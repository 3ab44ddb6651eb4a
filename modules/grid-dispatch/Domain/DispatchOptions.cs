using Microsoft.Extensions.Configuration;

namespace NetInfoSuite.Modules.GridDispatch.Domain;

/// <summary>One step of supervision (督办): at <see cref="Offset"/> from the deadline (negative: before it).</summary>
public sealed record EscalationStep(string Step, TimeSpan Offset);

/// <summary>The office's settings (configuration section GridDispatch), with the defaults the issue names.</summary>
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

    /// <summary>Evaluation score weights: completion, timeliness, reach (they add up to 1).</summary>
    public double CompletionWeight { get; init; } = 0.6;
    public double TimelinessWeight { get; init; } = 0.3;
    public double ReachWeight { get; init; } = 0.1;

    public const string Remind = "remind", Overdue = "overdue", County = "escalate-county", City = "escalate-city";

    private static IReadOnlyList<EscalationStep> Steps(TimeSpan remindBefore, TimeSpan countyAfter, TimeSpan cityAfter) =>
    [
        new(Remind, -remindBefore), new(Overdue, TimeSpan.Zero), new(County, countyAfter), new(City, cityAfter),
    ];

    public static DispatchOptions From(IConfiguration configuration)
    {
        var options = new DispatchOptions();
        var section = configuration.GetSection("GridDispatch");
        foreach (var urgency in Enum.GetValues<Urgency>())
            if (section[$"Deadlines:{urgency}"] is { } value && TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var span))
                options.Deadlines[urgency] = span;
        return new DispatchOptions
        {
            Deadlines = options.Deadlines, Escalation = options.Escalation,
            CompletionWeight = section.GetValue("Score:Completion", options.CompletionWeight),
            TimelinessWeight = section.GetValue("Score:Timeliness", options.TimelinessWeight),
            ReachWeight = section.GetValue("Score:Reach", options.ReachWeight),
        };
    }
}
