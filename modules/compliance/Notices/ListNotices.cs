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

internal sealed class ListNoticesHandler(IQuerySession session, ICallerScope scope, ICaller caller, IOfficeClock clock)
    : IRequestHandler<ListNotices, Page<NoticeRow>>
{
    public async Task<Page<NoticeRow>> Handle(ListNotices query, CancellationToken ct)
    {
        var notices = await session.QueryInScopeAsync<Notice>(scope, ct);
        var today = clock.Today;
        var mine = caller.OrgUnit?.Value ?? Guid.Empty;
        notices = query.Filter switch
        {
            NoticeFilter.Received => notices.Where(n => n.Recipient == mine),
            NoticeFilter.Open => notices.Where(n => n.Status != NoticeStatus.Verified),
            NoticeFilter.Overdue => notices.Where(n => n.Status != NoticeStatus.Verified && n.Status != NoticeStatus.ReportSubmitted && n.Deadline < today),
            _ => notices,
        };
        if (query.Open) notices = notices.Where(n => n.Status != NoticeStatus.Verified);
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim();
            notices = notices.Where(n => n.Number.Contains(text) || n.Subject.Contains(text) || n.RecipientName.Contains(text));
        }
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        var total = await notices.CountAsync(ct);
        var items = await notices.OrderByDescending(n => n.IssuedAt).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<NoticeRow>(items.Select(n => new NoticeRow(n.Id, n.Number, n.Subject, n.RecipientName, n.IssuerUnitName, n.IssuedAt,
            n.Deadline, n.Status, NoticeViews.IsOverdue(n, today))).ToList(), page, size, total);
    }
}
