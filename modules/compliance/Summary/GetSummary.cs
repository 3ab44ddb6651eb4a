namespace NetInfoSuite.Modules.Compliance.Summary;

/// <summary>The compliance summary of a unit's subtree over office days From..To (contract <see cref="GetComplianceSummary"/>).
/// A notice counts for the unit its recipient lies under; "open" and "overdue" are as at the end of the period.</summary>
internal sealed class GetComplianceSummaryHandler(IQuerySession session, ICallerScope scope, IOfficeClock clock)
    : IRequestHandler<GetComplianceSummary, ComplianceSummary>
{
    public async Task<ComplianceSummary> Handle(GetComplianceSummary query, CancellationToken ct)
    {
        if (query.To < query.From) throw new RuleViolationException("to", "结束日期不能早于开始日期", "The end cannot be before the start");
        var place = await scope.PlaceOfAsync(query.Unit.Value, ct);
        if (place is null || !await scope.CoversAsync(place.Path, ct)) throw new NotFoundException("unit", query.Unit.ToString());
        var period = clock.Days(query.From, query.To);
        var under = ScopedQueries.Under<Notice>(place.Path);
        var notices = await (await session.QueryInScopeAsync<Notice>(scope, ct)).Where(under).Where(n => n.IssuedAt < period.End).ToListAsync(ct);
        var cases = await (await session.QueryInScopeAsync<ReviewCase>(scope, ct)).Where(ScopedQueries.Under<ReviewCase>(place.Path))
            .Where(c => c.OpenedAt < period.End).ToListAsync(ct);

        // A website counts when it was checked within the period; it fails when the last of those checks did (the checks of
        // the last Website.HistoryKept runs are kept).
        var sites = await (await session.QueryInScopeAsync<Website>(scope, ct)).Where(ScopedQueries.Under<Website>(place.Path)).ToListAsync(ct);
        var lastChecks = sites.Select(w => w.History.LastOrDefault(c => period.Contains(c.At))).OfType<WebsiteCheck>().ToList();

        bool OpenAtEnd(Notice n) => n.ClosedAt is not { } closed || closed >= period.End;
        var closedIn = notices.Where(n => n.ClosedAt is { } at && period.Contains(at)).ToList();
        var open = notices.Where(OpenAtEnd).ToList();
        return new ComplianceSummary(query.Unit, query.From, query.To,
            NoticesIssued: notices.Count(n => period.Contains(n.IssuedAt)),
            NoticesClosed: closedIn.Count,
            NoticesClosedLate: closedIn.Count(n => clock.DayOf(LastReport(n) ?? n.ClosedAt!.Value) > n.Deadline),
            NoticesOpen: open.Count,
            NoticesOverdue: open.Count(n => DeadlineAt(n, period.End) < query.To && !ReportWaiting(n, period.End)),
            Cases: Enum.GetValues<CaseSeverity>().Select(s => new SeverityCount(s,
                cases.Count(c => c.Severity == s && period.Contains(c.OpenedAt)),
                cases.Count(c => c.Severity == s && (c.ClosedAt is not { } closed || closed >= period.End)))).ToList(),
            WebsitesChecked: lastChecks.Count, WebsitesFailing: lastChecks.Count(c => c.Failed));
    }

    private static DateTimeOffset? LastReport(Notice n) => n.Steps.LastOrDefault(s => s.To == NoticeStatus.ReportSubmitted)?.At;

    // The deadline in force at an instant: the last return before it set a new one.
    private static DateOnly DeadlineAt(Notice n, DateTimeOffset at)
    {
        var deadline = n.Steps.Where(s => s.To == NoticeStatus.Returned && s.At < at && s.NewDeadline is not null).Select(s => s.NewDeadline!.Value)
            .LastOrDefault();
        return deadline == default ? FirstDeadline(n) : deadline;
    }

    // The notice's first deadline: the current one unless a return changed it.
    private static DateOnly FirstDeadline(Notice n) => n.Steps.FirstOrDefault(s => s.To == NoticeStatus.Issued)?.NewDeadline ?? n.Deadline;

    // A report waiting for verification at that instant: the recipient has done its part.
    private static bool ReportWaiting(Notice n, DateTimeOffset at) =>
        n.Steps.LastOrDefault(s => s.At < at) is { To: NoticeStatus.ReportSubmitted };
}
