using NetInfoSuite.Contracts.Compliance;

namespace NetInfoSuite.Modules.Inspection.Domain;

/// <summary>巡察: a team sent by the unit that runs it to check its targets against the key points, with its visits and
/// the problems found. Scoped like a plan (the running unit's path).</summary>
internal sealed class Tour : IOrgScoped
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public string Lead { get; set; } = "";
    public List<string> Members { get; set; } = [];
    public List<TargetUnit> Targets { get; set; } = [];
    /// <summary>巡察要点: what the team checks.</summary>
    public List<string> KeyPoints { get; set; } = [];
    public List<Visit> Visits { get; set; } = [];
    public List<Finding> Findings { get; set; } = [];
    public Guid Owner { get; set; }
    public string OwnerName { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string UnitPath { get; set; } = "";
}

public sealed class Visit
{
    public Guid Id { get; set; }
    public DateOnly Date { get; set; }
    public string Place { get; set; } = "";
    public string PeopleMet { get; set; } = "";
    public string? Note { get; set; }
}

/// <summary>A problem found, and how it is rectified: a compliance review case (when compliance is on for the tenant) that
/// compliance tracks to its notice and closure, or else the module's own rectification item with a deadline.</summary>
public sealed class Finding
{
    public Guid Id { get; set; }
    public string Problem { get; set; } = "";
    public CaseSeverity Severity { get; set; }
    public Guid Unit { get; set; }
    public string UnitName { get; set; } = "";
    public string? Evidence { get; set; }
    public DateOnly Deadline { get; set; }
    /// <summary>The compliance review case it became, when it did.</summary>
    public Guid? Case { get; set; }
    /// <summary>The rectification notice (整改通知书) compliance issued for it, when it did.</summary>
    public Guid? Notice { get; set; }
    public string? NoticeNumber { get; set; }
    public DateTimeOffset? RectifiedAt { get; set; }
    public string? RectifiedNote { get; set; }
    /// <summary>When the responsible unit and the inspector were told it is overdue (once per finding).</summary>
    public DateTimeOffset? OverdueNotifiedAt { get; set; }
    public string By { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
