namespace NetInfoSuite.Modules.Compliance.Notices;

public sealed record NoticeStepView(NoticeStatus To, string By, DateTimeOffset At, string? Note, DateOnly? NewDeadline, IReadOnlyList<Guid> Files);

public sealed record NoticeCaseView(Guid Id, string Subject, CaseSeverity Severity, CaseStatus Status);

public sealed record NoticeFileView(Guid Id, string Name, string ContentType, int Size);

/// <summary>A notice as pages and the API show it: people by name, whether it is overdue today.</summary>
public sealed record NoticeView(Guid Id, string Number, string Subject, Guid Recipient, string RecipientName, Guid IssuerUnit, string IssuerUnitName,
    string IssuedBy, DateTimeOffset IssuedAt, DateOnly Deadline, NoticeStatus Status, bool Overdue, string Problems, string Requirements,
    IReadOnlyList<NoticeStepView> Steps, IReadOnlyList<NoticeCaseView> Cases, IReadOnlyList<NoticeFileView> Files);

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record GetNotice(Guid Id) : IRequest<NoticeView>;

internal sealed class GetNoticeHandler(IQuerySession session, ICallerScope scope, NoticeViews views) : IRequestHandler<GetNotice, NoticeView>
{
    public async Task<NoticeView> Handle(GetNotice query, CancellationToken ct) =>
        await views.ViewAsync(await session.LoadInScopeOrThrowAsync<Notice>(scope, query.Id, "notice", ct), ct);
}

/// <summary>Builds <see cref="NoticeView"/>s (people by name, cases of the caller's scope, the report files).</summary>
internal sealed class NoticeViews(IQuerySession session, IDocumentStore store, ICallerScope scope, IMediator mediator, IOfficeClock clock)
{
    public static bool IsOverdue(Notice notice, DateOnly today) => notice.IsOpen && notice.Status != NoticeStatus.ReportSubmitted && today > notice.Deadline;

    public async Task<NoticeView> ViewAsync(Notice n, CancellationToken ct)
    {
        var names = await mediator.Send(new GetPeopleNames(n.Steps.Select(s => s.By).Append(n.IssuedBy).Distinct().ToList()), ct);
        string Name(string login) => names.GetValueOrDefault(login) ?? (login == "system" ? "系统" : login);
        var cases = await session.LoadManyInScopeAsync<ReviewCase>(scope, n.Cases, ct);
        var files = await StoredFiles.ListAsync(store, n.Id, ct);
        return new NoticeView(n.Id, n.Number, n.Subject, n.Recipient, n.RecipientName, n.IssuerUnit, n.IssuerUnitName, Name(n.IssuedBy), n.IssuedAt,
            n.Deadline, n.Status, IsOverdue(n, clock.Today), n.Problems, n.Requirements,
            n.Steps.Select(s => new NoticeStepView(s.To, Name(s.By), s.At, s.Note, s.NewDeadline, s.Files ?? [])).ToList(),
            cases.Select(c => new NoticeCaseView(c.Id, c.Subject, c.Severity, c.Status)).ToList(),
            files.Select(f => new NoticeFileView(f.Id, f.Name, f.ContentType, f.Size)).ToList());
    }
}
