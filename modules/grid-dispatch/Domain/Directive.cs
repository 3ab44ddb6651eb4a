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
    /// <summary>The issuer's tier by its level (<see cref="FanOut.Tier"/>); null for directives drafted before it was
    /// recorded, whose tier is their path's depth (right for a one-city tree).</summary>
    public int? IssuerTier { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    public int Tasks { get; set; }
    /// <summary>Set when imported from a CAP alert: its identifier.</summary>
    public string? CapIdentifier { get; set; }

    /// <summary>Backs the unique index: one directive per CAP identifier and issuing unit, even when the same alert
    /// is imported twice at once (null, never clashing, for directives not from CAP).</summary>
    public string? CapKey => CapIdentifier is null ? null : IssuerPath + CapIdentifier;
}

/// <summary>Which org unit a CAP area (by its areaDesc or geocode) means. The city's table is shared reference
/// data, changed by the city only; a county keeps its own additions beside it, used for its own imports first.</summary>
internal sealed class CapAreaMapping
{
    /// <summary>The area itself for the city's entries; "tenant/area" for a county's own.</summary>
    public string Id { get; set; } = "";
    public Guid OrgUnitId { get; set; }
    /// <summary>The county (tenant code) whose own entry this is; null for the city's.</summary>
    public string? Owner { get; set; }

    public static string IdOf(string? owner, string area) => owner is null ? area : $"{owner}/{area}";
    public string Area => Owner is null ? Id : Id[(Owner.Length + 1)..];
}
