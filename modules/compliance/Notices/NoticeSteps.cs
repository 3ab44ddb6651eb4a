using NetInfoSuite.Contracts.Notifications;

namespace NetInfoSuite.Modules.Compliance.Notices;

/// <summary>签收: the recipient unit signs for the notice.</summary>
[RequiresPermission(CompliancePermissions.Respond)]
internal sealed record AcknowledgeNotice(Guid Id, string? Note) : ICommand<NoticeView>;

/// <summary>整改报告: the recipient unit reports what it did, with files uploaded before (their ids).</summary>
[RequiresPermission(CompliancePermissions.Respond)]
internal sealed record SubmitNoticeReport(Guid Id, string Report, IReadOnlyList<Guid>? Files) : ICommand<NoticeView>;

/// <summary>The issuer accepts the report: the notice and its cases close.</summary>
[RequiresPermission(CompliancePermissions.Notices)]
internal sealed record VerifyNotice(Guid Id, string? Note) : ICommand<NoticeView>;

/// <summary>再整改: the issuer returns the report with what is still wrong and a new deadline.</summary>
[RequiresPermission(CompliancePermissions.Notices)]
internal sealed record ReturnNotice(Guid Id, string Reason, DateOnly Deadline) : ICommand<NoticeView>;

internal sealed class NoteValidators : AbstractValidator<AcknowledgeNotice>
{
    public NoteValidators() => RuleFor(x => x.Note).MaximumLength(2_000);
}

internal sealed class SubmitNoticeReportValidator : AbstractValidator<SubmitNoticeReport>
{
    public SubmitNoticeReportValidator()
    {
        RuleFor(x => x.Report).NotEmpty().MaximumLength(20_000);
        RuleFor(x => x.Files).Must(f => f is null || f.Count <= 20);
    }
}

internal sealed class VerifyNoticeValidator : AbstractValidator<VerifyNotice>
{
    public VerifyNoticeValidator() => RuleFor(x => x.Note).MaximumLength(2_000);
}

internal sealed class ReturnNoticeValidator : AbstractValidator<ReturnNotice>
{
    public ReturnNoticeValidator()
    {
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(5_000);
        RuleFor(x => x.Deadline).NotEmpty();
    }
}

/// <summary>The steps after issue. Each names who may take it and from where: the recipient unit's own users sign and
/// report; the issuer's side (anyone holding the notice permission above the recipient) verifies or returns. A step
/// out of order is refused on <c>status</c>; two people taking steps at once: the notice's row is locked, so the second
/// waits and is then refused on <c>status</c> as out of order (<see cref="RowLocks"/>).</summary>
internal sealed class NoticeStepHandlers(IDocumentSession session, ICallerScope scope, ICaller caller, IOfficeClock clock, TimeProvider time,
    IOutbox outbox, NoticeViews views)
    : IRequestHandler<AcknowledgeNotice, NoticeView>, IRequestHandler<SubmitNoticeReport, NoticeView>,
      IRequestHandler<VerifyNotice, NoticeView>, IRequestHandler<ReturnNotice, NoticeView>
{
    public async Task<NoticeView> Handle(AcknowledgeNotice command, CancellationToken ct)
    {
        var notice = await RecipientsOwnAsync(command.Id, ct);
        Require(notice, [NoticeStatus.Issued], "只有新下发的通知书可以签收", "Only a newly issued notice can be signed for");
        return await StepAsync(notice, new NoticeStep(NoticeStatus.Acknowledged, caller.Login, time.GetUtcNow(), Trim(command.Note)), ct);
    }

    public async Task<NoticeView> Handle(SubmitNoticeReport command, CancellationToken ct)
    {
        var notice = await RecipientsOwnAsync(command.Id, ct);
        if (notice.Status == NoticeStatus.Issued)
            throw new RuleViolationException("status", "请先签收通知书，再提交整改报告", "Sign for the notice before reporting");
        Require(notice, [NoticeStatus.Acknowledged, NoticeStatus.Returned],
            notice.Status == NoticeStatus.Verified ? "通知书已办结，不能再提交整改报告" : "整改报告已提交，等待核查",
            notice.Status == NoticeStatus.Verified ? "The notice is closed; no report can be added" : "A report is already waiting for verification");
        var files = (command.Files ?? []).Distinct().ToList();
        if (files.Count > 0 && await StoredFiles.CountAsync(session, notice.Id, files, ct) != files.Count)
            throw new RuleViolationException("files", "有附件不存在或不属于本通知书", "A file does not exist or does not belong to this notice");
        var step = new NoticeStep(NoticeStatus.ReportSubmitted, caller.Login, time.GetUtcNow(), command.Report.Trim(), null, files);
        outbox.Send(session, new Notify(NotificationRecipients.Users([notice.IssuedBy]),
            new LocalizedText($"整改报告待核查 {notice.Number}", $"Report to verify: {notice.Number}"),
            new LocalizedText($"{notice.RecipientName} 已提交「{notice.Subject}」的整改报告。", $"{notice.RecipientName} reported on '{notice.Subject}'."),
            $"/compliance/notices/{notice.Id}", "notice-report"));
        return await StepAsync(notice, step, ct);
    }

    public async Task<NoticeView> Handle(VerifyNotice command, CancellationToken ct)
    {
        var notice = await IssuersOwnAsync(command.Id, ct);
        Require(notice, [NoticeStatus.ReportSubmitted], "只有已提交整改报告的通知书可以核查办结", "Only a notice with a report can be verified");
        var now = time.GetUtcNow();
        notice.ClosedAt = now;
        var reportedAt = notice.Steps.Last(s => s.To == NoticeStatus.ReportSubmitted).At;
        var onTime = clock.DayOf(reportedAt) <= notice.Deadline;
        foreach (var c in await session.LoadManyInScopeAsync<ReviewCase>(scope, notice.Cases, ct))
        {
            // A case closes when every notice issued for it is verified.
            var others = c.Notices.Where(n => n != notice.Id).ToList();
            if (others.Count > 0 && await (await session.QueryInScopeAsync<Notice>(scope, ct)).AnyAsync(n => n.Id.IsOneOf(others.ToArray()) && n.Status != NoticeStatus.Verified, ct)) continue;
            c.Status = CaseStatus.Closed;
            c.ClosedAt = now;
            session.Store(c);
        }
        outbox.Publish(session, new NoticeClosed(notice.Id, notice.Number, new OrgUnitId(notice.Recipient), now, onTime, notice.Cases));
        outbox.Send(session, new Notify(NotificationRecipients.NearestWith(CompliancePermissions.Respond, [new OrgUnitId(notice.Recipient)]),
            new LocalizedText($"整改已通过核查 {notice.Number}", $"Rectification verified: {notice.Number}"),
            new LocalizedText($"「{notice.Subject}」整改已通过核查，通知书办结。", $"'{notice.Subject}' is verified and the notice closed."),
            $"/compliance/notices/{notice.Id}", "notice-closed"));
        return await StepAsync(notice, new NoticeStep(NoticeStatus.Verified, caller.Login, now, Trim(command.Note)), ct);
    }

    public async Task<NoticeView> Handle(ReturnNotice command, CancellationToken ct)
    {
        var notice = await IssuersOwnAsync(command.Id, ct);
        Require(notice, [NoticeStatus.ReportSubmitted], "只有已提交整改报告的通知书可以退回再整改", "Only a notice with a report can be returned");
        if (command.Deadline <= clock.Today)
            throw new RuleViolationException("deadline", "新的整改期限须晚于今天", "The new deadline must be after today");
        notice.Deadline = command.Deadline;
        notice.OverdueNotifiedAt = null; // the new deadline may pass too
        outbox.Send(session, new Notify(NotificationRecipients.NearestWith(CompliancePermissions.Respond, [new OrgUnitId(notice.Recipient)]),
            new LocalizedText($"整改报告被退回 {notice.Number}", $"Report returned: {notice.Number}"),
            new LocalizedText($"「{notice.Subject}」需再整改：{command.Reason.Trim()}。新期限 {command.Deadline:yyyy-MM-dd}。",
                $"'{notice.Subject}' needs more work: {command.Reason.Trim()}. New deadline {command.Deadline:yyyy-MM-dd}."),
            $"/compliance/notices/{notice.Id}", "notice-returned"));
        return await StepAsync(notice, new NoticeStep(NoticeStatus.Returned, caller.Login, time.GetUtcNow(), command.Reason.Trim(), command.Deadline), ct);
    }

    // Only the recipient unit's own users answer a notice: those above it see it but do not sign for it.
    private async Task<Notice> RecipientsOwnAsync(Guid id, CancellationToken ct)
    {
        await RowLocks.ForUpdateAsync<Notice>(session, id, ct); // two replies at once: the second reads the first's step
        var notice = await session.LoadInScopeOrThrowAsync<Notice>(scope, id, "notice", ct);
        if (caller.OrgUnit?.Value != notice.Recipient)
            throw new RuleViolationException("recipient", $"只有{notice.RecipientName}的人员可以签收和提交整改报告",
                $"Only users of {notice.RecipientName} sign for and report on this notice");
        return notice;
    }

    // The recipient does not verify its own report: the issuing side does (a unit above the recipient).
    private async Task<Notice> IssuersOwnAsync(Guid id, CancellationToken ct)
    {
        await RowLocks.ForUpdateAsync<Notice>(session, id, ct); // a verification and a return at once: one of them, whole
        var notice = await session.LoadInScopeOrThrowAsync<Notice>(scope, id, "notice", ct);
        if (caller.OrgUnit?.Value == notice.Recipient)
            throw new RuleViolationException("recipient", "被通知单位不能核查自己的整改", "The recipient cannot verify its own rectification");
        return notice;
    }

    private static void Require(Notice notice, NoticeStatus[] from, string zh, string en)
    {
        if (!from.Contains(notice.Status)) throw new RuleViolationException("status", zh, en);
    }

    private async Task<NoticeView> StepAsync(Notice notice, NoticeStep step, CancellationToken ct)
    {
        notice.Status = step.To;
        notice.Steps.Add(step);
        session.Store(notice);
        await session.SaveChangesAsync(ct);
        return await views.ViewAsync(notice, ct);
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
