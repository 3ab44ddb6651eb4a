namespace NetInfoSuite.Modules.Inspection.Domain;

/// <summary>How one indicator is scored (docs/adr/0032).</summary>
public enum ScoringMethod
{
    /// <summary>From another module's figure for the plan's period, by the source's formula.</summary>
    Auto,
    /// <summary>An inspector gives 0..points with a comment.</summary>
    Manual,
    /// <summary>Starts at the points and loses <see cref="Indicator.Parameter"/> per finding, never below 0.</summary>
    Deduction,
    /// <summary>单项否决: one failure fails the target whatever its total; carries no points.</summary>
    Veto,
    /// <summary>加分: 0..points given by an inspector, counted only when the target reaches the plan's threshold.</summary>
    Bonus,
}

/// <summary>What an indicator fed by a module does when that module is not deployed or is off for the tenant.</summary>
public enum MissingSourceRule
{
    /// <summary>Leave the indicator out and rescale the total to the plan's full marks.</summary>
    Rescale,
    /// <summary>Score it by hand instead.</summary>
    Manual,
}

public enum PlanStatus { Draft, Published }

/// <summary>年度督导考评方案: a year's evaluation of units, scored per group. Belongs to the unit that runs it (its
/// <see cref="UnitPath"/>); every target lies in that unit's subtree.</summary>
internal sealed class Plan : IOrgScoped
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public int Year { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public Guid Owner { get; set; }
    public string OwnerName { get; set; } = "";
    public List<TargetGroup> Groups { get; set; } = [];
    public List<Indicator> Indicators { get; set; } = [];
    /// <summary>Grades best first, each with its lowest total (e.g. 优秀 90, 良好 80, 合格 60, 不合格 0).</summary>
    public List<Grade> Grades { get; set; } = [];
    /// <summary>Bonus points count only when the total before them reaches this.</summary>
    public double BonusThreshold { get; set; }
    /// <summary>At most this many bonus points altogether.</summary>
    public double BonusCap { get; set; }
    public MissingSourceRule MissingSource { get; set; }
    public PlanStatus Status { get; set; }
    /// <summary>The template or plan it was copied from, by name.</summary>
    public string? CopiedFrom { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    public string UnitPath { get; set; } = "";
}

/// <summary>Targets scored and ranked together (e.g. 市直单位, 县（市、区）).</summary>
public sealed class TargetGroup
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public List<TargetUnit> Units { get; set; } = [];
}

public sealed class TargetUnit
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>One node of the indicator tree. A node with children is a heading whose points are its children's; a leaf
/// is scored by its method.</summary>
public sealed class Indicator
{
    public Guid Id { get; set; }
    public Guid? Parent { get; set; }
    public int Order { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public double Points { get; set; }
    public ScoringMethod Method { get; set; }
    /// <summary>The figure feeding an Auto indicator (required), or a Deduction or Veto (optional): a <see cref="Sources"/> code.</summary>
    public string? Source { get; set; }
    /// <summary>Auto on a count: the count that earns full points. Deduction: points per finding. Veto: the largest
    /// figure that still passes (0: any finding fails).</summary>
    public double Parameter { get; set; }
}

public sealed class Grade
{
    public string Name { get; set; } = "";
    public double Min { get; set; }
}
