namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>Where a notice stands. Issued → Acknowledged (签收) → ReportSubmitted (整改报告) → Verified (closed), or
/// Returned (再整改, a new deadline) → ReportSubmitted again.</summary>
public enum NoticeStatus { Issued, Acknowledged, ReportSubmitted, Verified, Returned }

/// <summary>One step of a notice's life: who took it, when, and what they said; the deadline it set (issue, return).</summary>
public sealed record NoticeStep(NoticeStatus To, string By, DateTimeOffset At, string? Note, DateOnly? NewDeadline = null,
    IReadOnlyList<Guid>? Files = null);

/// <summary>整改通知书: issued by a unit to a unit of its subtree, numbered per issuing tenant and year. Shared by all
/// tenants (the city issues to a county's units, and both read it); the unit path is the recipient's, so the
/// recipient's subtree and everyone above it see it.</summary>
internal sealed class Notice : IOrgScoped
{
    public Guid Id { get; set; }
    /// <summary>The issuing tenant (city or county code) whose numbers the notice uses.</summary>
    public string Tenant { get; set; } = "";
    public int Year { get; set; }
    public int Sequence { get; set; }
    public string Number { get; set; } = "";
    public Guid IssuerUnit { get; set; }
    public string IssuerUnitName { get; set; } = "";
    public string IssuedBy { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    public Guid Recipient { get; set; }
    public string RecipientName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Problems { get; set; } = "";
    public string Requirements { get; set; } = "";
    /// <summary>The deadline in force (an office day; a return sets a new one).</summary>
    public DateOnly Deadline { get; set; }
    public List<Guid> Cases { get; set; } = [];
    public NoticeStatus Status { get; set; }
    public List<NoticeStep> Steps { get; set; } = [];
    /// <summary>When the overdue escalation told everyone, once.</summary>
    public DateTimeOffset? OverdueNotifiedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string UnitPath { get; set; } = "";

    public bool IsOpen => Status != NoticeStatus.Verified;
}
