namespace NetInfoSuite.Modules.GridDispatch.Domain;

public enum DirectiveStatus { Draft, Approved, Issued }

public enum DeliveryMode
{
    /// <summary>Straight to every group.</summary>
    Direct,
    /// <summary>Level by level: the county signs for it and forwards it, then the street, then the groups see it.</summary>
    Relay,
}

/// <summary>What a directive reaches: groups under these units and these groups (none of either: the issuer's
/// whole subtree), of these kinds (none: every kind); and optionally matrix accounts.</summary>
public sealed record DirectiveTarget(IReadOnlyList<Guid> OrgUnits, IReadOnlyList<GroupKind> Kinds, IReadOnlyList<Guid> Groups,
    IReadOnlyList<Guid> Accounts)
{
    public static readonly DirectiveTarget Everything = new([], [], [], []);
}

/// <summary>A propagation directive (传播指令): drafted, approved, then issued into one task per target group.</summary>
internal sealed class Directive
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public List<string> Links { get; set; } = [];
    public List<string> Attachments { get; set; } = [];
    public DirectiveCategory Category { get; set; }
    public Urgency Urgency { get; set; }
    public DateTimeOffset? Deadline { get; set; }
    public DirectiveTarget Target { get; set; } = DirectiveTarget.Everything;
    public DeliveryMode Delivery { get; set; }
    public DirectiveStatus Status { get; set; }
    /// <summary>The issuing unit and its path: a county issues within its subtree only.</summary>
    public Guid IssuerUnitId { get; set; }
    public string IssuerPath { get; set; } = "/";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    public int Tasks { get; set; }
    /// <summary>Set when imported from a CAP alert: its identifier.</summary>
    public string? CapIdentifier { get; set; }
}

/// <summary>Which org unit a CAP area (by its areaDesc or geocode) means; edited by the office.</summary>
internal sealed class CapAreaMapping
{
    public string Id { get; set; } = ""; // the area's name or geocode value, as in the alert
    public Guid OrgUnitId { get; set; }
}
