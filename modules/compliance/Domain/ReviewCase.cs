namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>Where a review case stands.</summary>
public enum CaseStatus { Open, UnderRectification, Closed, Dismissed }

/// <summary>内容审核: a finding about a website, account, app or unit of <see cref="Unit"/>. Shared by all tenants like
/// notices (a county's finding may reach the city's notice); scoped by the unit's path.</summary>
internal sealed class ReviewCase : IOrgScoped
{
    public Guid Id { get; set; }
    public Guid Unit { get; set; }
    public string UnitName { get; set; } = "";
    public CaseSubjectKind SubjectKind { get; set; }
    public string Subject { get; set; } = "";
    public CaseSource Source { get; set; }
    public CaseSeverity Severity { get; set; }
    public string Finding { get; set; } = "";
    public string? EvidenceUrl { get; set; }
    public string? EvidenceExcerpt { get; set; }
    public Guid? Screenshot { get; set; }
    /// <summary>"module:key" when another module opened it; unique, so a repeated request opens nothing new.</summary>
    public string? SourceKey { get; set; }
    public string? SourceModule { get; set; }
    public CaseStatus Status { get; set; }
    public string? DismissReason { get; set; }
    public string Owner { get; set; } = "";
    public string OpenedBy { get; set; } = "";
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public List<Guid> Notices { get; set; } = [];
    /// <summary>The registered government website whose failed check it was opened from.</summary>
    public Guid? Website { get; set; }
    public string UnitPath { get; set; } = "";
}
