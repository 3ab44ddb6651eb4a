using MediatR;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.Compliance;

/// <summary>The permissions of the compliance module. (Since 1.8.)</summary>
public static class CompliancePermissions
{
    /// <summary>See cases, notices, the media unit registry and the rules.</summary>
    public const string Read = "compliance.read";
    /// <summary>Open and handle review cases (内容审核).</summary>
    public const string Cases = "compliance.cases";
    /// <summary>Issue rectification notices, verify or return their reports.</summary>
    public const string Notices = "compliance.notices";
    /// <summary>Sign for a notice sent to one's own unit and submit its rectification report.</summary>
    public const string Respond = "compliance.respond";
    /// <summary>Keep the registry of media units with non-public capital.</summary>
    public const string Registry = "compliance.registry";
    /// <summary>Keep the rules library (制度).</summary>
    public const string Rules = "compliance.rules";
}

/// <summary>Where a review case came from. (Since 1.8.)</summary>
public enum CaseSource { Patrol, PublicReport, AutomaticScan, Inspection, OtherModule }

/// <summary>How serious a finding is (一般, 较重, 严重, 特别严重). (Since 1.8.)</summary>
public enum CaseSeverity { Minor, Moderate, Serious, Critical }

/// <summary>What a finding is about. (Since 1.8.)</summary>
public enum CaseSubjectKind { Website, Account, App, Unit }

/// <summary>Opens a review case (内容审核) about a website, account, app or unit that belongs to <paramref name="Unit"/>
/// (which must lie in the caller's subtree; the system caller may name any). Answers the case's id. A request with a
/// <see cref="SourceKey"/> that already opened a case answers that case again (delivery through the outbox may repeat
/// it). Answered by the compliance module when it is deployed. (Since 1.8.)</summary>
[RequiresPermission(CompliancePermissions.Cases)]
public sealed record OpenReviewCase(OrgUnitId Unit, CaseSubjectKind SubjectKind, string Subject, CaseSource Source,
    CaseSeverity Severity, string Finding) : ICommand<Guid>
{
    /// <summary>An http(s) address where the finding can be seen.</summary>
    public string? EvidenceUrl { get; init; }

    /// <summary>The text found, as it stood.</summary>
    public string? EvidenceExcerpt { get; init; }

    /// <summary>The module that opened it (e.g. "account-matrix"), when another module did.</summary>
    public string? SourceModule { get; init; }

    /// <summary>What makes the finding one (e.g. "publication:{id}"): a second request with the same module and key
    /// opens nothing new.</summary>
    public string? SourceKey { get; init; }
}

/// <summary>A rectification notice as issued: its 文号 (e.g. 牡网信整字〔2026〕第12号). (Since 1.8.)</summary>
public sealed record RectificationNoticeInfo(Guid Id, string Number, OrgUnitId Recipient, DateTimeOffset IssuedAt, DateOnly Deadline);

/// <summary>Issues a rectification notice (整改通知书) to <paramref name="Recipient"/> (a unit of the caller's subtree)
/// about <paramref name="Subject"/> (the website, account or unit concerned), for zero or more open review cases of the
/// caller's subtree, with the problems found, the actions required and the deadline (an office day; overdue from the
/// next day). The notice gets the next number of the issuer's tenant and year; a refused notice takes none.
/// Answered by the compliance module. (Since 1.8.)</summary>
[RequiresPermission(CompliancePermissions.Notices)]
public sealed record IssueRectificationNotice(OrgUnitId Recipient, string Subject, string Problems, string Requirements,
    DateOnly Deadline, IReadOnlyList<Guid> Cases) : ICommand<RectificationNoticeInfo>;

/// <summary>Review cases of one severity: opened within the period, and still open at its end. (Since 1.8.)</summary>
public sealed record SeverityCount(CaseSeverity Severity, int Opened, int OpenAtEnd);

/// <summary>A unit's subtree's compliance over a period, for score cards and the account matrix's 公信力 indicator:
/// notices issued to it within the period, closed (verified) within it and how many of those late, still open at the
/// period's end and how many of those past their deadline; review cases by severity; government websites checked
/// within the period and how many failed their last check in it. (Since 1.8.)</summary>
public sealed record ComplianceSummary(OrgUnitId Unit, DateOnly From, DateOnly To,
    int NoticesIssued, int NoticesClosed, int NoticesClosedLate, int NoticesOpen, int NoticesOverdue,
    IReadOnlyList<SeverityCount> Cases, int WebsitesChecked, int WebsitesFailing);

/// <summary>The compliance summary of <paramref name="Unit"/> and its subtree over the office days From..To (the unit
/// must lie in the caller's subtree). Answered by the compliance module. (Since 1.8.)</summary>
[RequiresPermission(CompliancePermissions.Read)]
public sealed record GetComplianceSummary(OrgUnitId Unit, DateOnly From, DateOnly To) : IRequest<ComplianceSummary>;

/// <summary>Published once when a notice passes its deadline without being verified. (Since 1.8.)</summary>
public sealed record NoticeOverdue(Guid NoticeId, string Number, OrgUnitId Recipient, string Subject, DateOnly Deadline) : INotification;

/// <summary>Published when a notice is verified (closed); <paramref name="OnTime"/> when its report came before the
/// deadline in force. (Since 1.8.)</summary>
public sealed record NoticeClosed(Guid NoticeId, string Number, OrgUnitId Recipient, DateTimeOffset ClosedAt, bool OnTime,
    IReadOnlyList<Guid> Cases) : INotification;
