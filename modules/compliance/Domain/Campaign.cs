namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>One point a campaign checks at every target (检查要点); its id stays when the wording changes.</summary>
public sealed record ChecklistItem(Guid Id, string Text);

/// <summary>A target's answer to one checklist point: met (true), not met (false) or not judged yet (null), with a note.</summary>
public sealed record ChecklistAnswer(Guid Item, bool? Met, string? Note);

/// <summary>What the campaign concluded about a target: 待检查, 合格, 整改中, 不合格.</summary>
public enum TargetResult { Pending, Compliant, Rectifying, NonCompliant }

/// <summary>A target's checklist and result, as last recorded.</summary>
public sealed record TargetReview(Guid Target, IReadOnlyList<ChecklistAnswer> Answers, TargetResult Result, string Note, string By, DateTimeOffset At);

/// <summary>专项治理: a campaign an office runs over a period against target units, enforcing a rule of the library; the
/// review cases and notices it produced are linked to it. Kept by the organising office (<see cref="UnitPath"/>): its
/// subtree reads it, and so do the offices below the city when the city runs it.</summary>
internal sealed class Campaign : IOrgScoped
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    /// <summary>What the campaign covers and asks of the targets.</summary>
    public string Scope { get; set; } = "";
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public List<Guid> Targets { get; set; } = [];
    public Guid? Rule { get; set; }
    public List<Guid> Cases { get; set; } = [];
    public List<Guid> Notices { get; set; } = [];
    /// <summary>The points checked at every target.</summary>
    public List<ChecklistItem> Checklist { get; set; } = [];
    /// <summary>Per target, its checklist answers and result (no entry: not checked yet).</summary>
    public List<TargetReview> Reviews { get; set; } = [];
    public Guid Organizer { get; set; }
    public string OrganizerName { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string UnitPath { get; set; } = "";
}
