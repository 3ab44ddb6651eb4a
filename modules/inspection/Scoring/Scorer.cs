namespace NetInfoSuite.Modules.Inspection.Scoring;

/// <summary>Where an indicator's score stands on a card.</summary>
public enum EntryState
{
    /// <summary>Scored (from a figure, an entry, or a deduction's findings).</summary>
    Scored,
    /// <summary>Waiting for an inspector's score.</summary>
    Pending,
    /// <summary>Its module is missing and the plan leaves it out (the total is rescaled).</summary>
    LeftOut,
    /// <summary>Its module is missing and the plan falls back to scoring it by hand: waiting for the score.</summary>
    ManualFallback,
    /// <summary>A veto item the target passes.</summary>
    Passed,
    /// <summary>A veto item the target fails (单项否决).</summary>
    Failed,
}

public sealed record EntryResult(Guid Indicator, Figure? Figure, double? Points, EntryState State, ScoreInput? Input);

/// <summary>A card's result: the points before bonus (rescaled when indicators were left out), the bonus counted, the
/// total, whether a veto failed it, the grade, and how many indicators still wait for a score.</summary>
public sealed record CardResult(IReadOnlyList<EntryResult> Entries, double Base, double Bonus, double Total, bool Vetoed, string Grade, int Pending,
    double FullMarks, double Counted);

/// <summary>The scoring rules of docs/adr/0032, as a pure function of the plan, the inspectors' entries and the figures.</summary>
internal static class Scorer
{
    public static CardResult Score(Plan plan, IReadOnlyList<PlanTree.Node> tree, IReadOnlyDictionary<Guid, ScoreInput> inputs,
        IReadOnlyDictionary<Guid, Figure> figures)
    {
        var entries = new List<EntryResult>();
        var (earned, counted, bonus, pending, vetoed) = (0.0, 0.0, 0.0, 0, false);
        foreach (var node in tree.Where(n => n.Leaf))
        {
            var i = node.Indicator;
            var input = inputs.GetValueOrDefault(i.Id);
            var figure = i.Source is null ? null : figures.GetValueOrDefault(i.Id);
            var missing = figure is { Unavailable: true };
            var leftOut = missing && plan.MissingSource == MissingSourceRule.Rescale;
            double? points;
            EntryState state;
            switch (i.Method)
            {
                case ScoringMethod.Auto when leftOut:
                    (points, state) = (null, EntryState.LeftOut);
                    break;
                case ScoringMethod.Auto when missing:
                    (points, state) = input?.Score is { } fallback ? ((double?)Clamp(fallback, i.Points), EntryState.Scored) : (null, EntryState.ManualFallback);
                    break;
                case ScoringMethod.Auto:
                    (points, state) = (i.Points * Fraction(Sources.Find(i.Source)!, figure?.Value ?? 0, i.Parameter), EntryState.Scored);
                    break;
                case ScoringMethod.Manual or ScoringMethod.Bonus:
                    (points, state) = input?.Score is { } score ? ((double?)Clamp(score, i.Points), EntryState.Scored) : (null, EntryState.Pending);
                    break;
                case ScoringMethod.Deduction when leftOut:
                    (points, state) = (null, EntryState.LeftOut);
                    break;
                case ScoringMethod.Deduction:
                    var findings = (input?.Findings ?? 0) + (missing ? 0 : figure?.Value ?? 0);
                    (points, state) = (Math.Max(0, i.Points - i.Parameter * findings), EntryState.Scored);
                    break;
                default: // Veto: the inspector's finding, or the figure above the limit (a missing module leaves only the former)
                    var failed = input?.Vetoed == true || (figure is { Unavailable: false, Value: { } value } && value > i.Parameter);
                    (points, state) = (null, failed ? EntryState.Failed : EntryState.Passed);
                    vetoed |= failed;
                    break;
            }
            entries.Add(new EntryResult(i.Id, figure, points, state, input));
            if (state is EntryState.Pending or EntryState.ManualFallback) pending++;
            if (i.Method == ScoringMethod.Bonus) bonus += points ?? 0;
            else if (i.Method != ScoringMethod.Veto && state != EntryState.LeftOut)
            {
                earned += points ?? 0;
                counted += i.Points;
            }
        }
        var full = PlanTree.FullMarks(tree);
        var @base = counted > 0 ? earned * full / counted : 0;
        var bonusCounted = @base >= plan.BonusThreshold ? Math.Min(plan.BonusCap, bonus) : 0;
        var total = @base + bonusCounted;
        return new CardResult(entries, @base, bonusCounted, total, vetoed, GradeOf(plan, total, vetoed), pending, full, counted);
    }

    /// <summary>The first grade (best first) whose lowest total the total reaches; a veto gives the lowest grade.</summary>
    public static string GradeOf(Plan plan, double total, bool vetoed)
    {
        var grades = plan.Grades.OrderByDescending(g => g.Min).ToList();
        if (grades.Count == 0) return "";
        return vetoed ? grades[^1].Name : (grades.FirstOrDefault(g => total >= g.Min) ?? grades[^1]).Name;
    }

    private static double Fraction(Source source, double value, double parameter) => source.Kind switch
    {
        FigureKind.Count => parameter <= 0 ? 0 : Math.Min(1, value / parameter),
        FigureKind.Rate => Math.Clamp(value, 0, 1),
        _ => Math.Clamp(value / 100, 0, 1),
    };

    private static double Clamp(double score, double points) => Math.Clamp(score, 0, points);
}
