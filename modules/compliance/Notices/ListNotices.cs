namespace NetInfoSuite.Modules.Compliance.Notices;

public sealed record NoticeRow(Guid Id, string Number, string Subject, string RecipientName, string IssuerUnitName, DateTimeOffset IssuedAt,
    DateOnly Deadline, NoticeStatus Status, bool Overdue);

/// <summary>Which notices a list shows: all of the caller's subtree, those sent to the caller's own unit (the inbox of
/// notices received), the open ones, or the overdue ones.</summary>
public enum NoticeFilter { All, Received, Open, Overdue }

/// <summary>The caller's notices, newest first, paged.</summary>
[RequiresPermission(CompliancePermissions.Read)]
internal sealed record ListNotices(NoticeFilter Filter = NoticeFilter.All, string? Text = null, int Page = 1, int PageSize = 50, bool Open = false)
    : IRequest<Page<NoticeRow>>;

/// <summary>The notices a list shows with the same filters, all of them (up to <see cref="Workbooks.MaxRows"/>), for Excel.</summary>
[RequiresPermission(CompliancePermissions.Read)]
internal sealed record ExportNotices(NoticeFilter Filter = NoticeFilter.All, string? Text = null) : IRequest<IReadOnlyList<NoticeRow>>;

internal sealed class ListNoticesHandler(IQuerySession session, ICallerScope scope, ICaller caller, IOfficeClock clock)
    : IRequestHandler<ListNotices, Page<NoticeRow>>, IRequestHandler<ExportNotices, IReadOnlyList<NoticeRow>>
{
    public async Task<Page<NoticeRow>> Handle(ListNotices query, CancellationToken ct)
    {
        var notices = await FilteredAsync(query.Filter, query.Text, ct);
        if (query.Open) notices = notices.Where(n => n.Status != NoticeStatus.Verified);
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        var total = await notices.CountAsync(ct);
        var items = await notices.OrderByDescending(n => n.IssuedAt).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<NoticeRow>(items.Select(Row).ToList(), page, size, total);
    }

    public async Task<IReadOnlyList<NoticeRow>> Handle(ExportNotices query, CancellationToken ct) =>
        (await (await FilteredAsync(query.Filter, query.Text, ct)).OrderByDescending(n => n.IssuedAt).Take(Workbooks.MaxRows).ToListAsync(ct))
        .Select(Row).ToList();

    private NoticeRow Row(Notice n) => new(n.Id, n.Number, n.Subject, n.RecipientName, n.IssuerUnitName, n.IssuedAt, n.Deadline, n.Status,
        NoticeViews.IsOverdue(n, clock.Today));

    private async Task<IQueryable<Notice>> FilteredAsync(NoticeFilter filter, string? text, CancellationToken ct)
    {
        var notices = await session.QueryInScopeAsync<Notice>(scope, ct);
        var today = clock.Today;
        var mine = caller.OrgUnit?.Value ?? Guid.Empty;
        notices = filter switch
        {
            NoticeFilter.Received => notices.Where(n => n.Recipient == mine),
            NoticeFilter.Open => notices.Where(n => n.Status != NoticeStatus.Verified),
            NoticeFilter.Overdue => notices.Where(n => n.Status != NoticeStatus.Verified && n.Status != NoticeStatus.ReportSubmitted && n.Deadline < today),
            _ => notices,
        };
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            notices = notices.Where(n => n.Number.Contains(t) || n.Subject.Contains(t) || n.RecipientName.Contains(t));
        }
        return notices;
    }
}
