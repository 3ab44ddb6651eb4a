using NetInfoSuite.Contracts.Messaging;
using NetInfoSuite.Contracts.Notifications;

namespace NetInfoSuite.Modules.Inspection.Tours;

public sealed record ReminderRun(int Reminded);

/// <summary>逾期提醒: a finding the module tracks itself (no compliance case), not rectified by its deadline, is told once
/// to the responsible unit's staff and to the inspector who recorded it. Runs every minute on every instance as the
/// system; the endpoint runs it now within the caller's subtree.</summary>
[RequiresPermission(InspectionPermissions.Tours)]
internal sealed record RemindOverdueFindings : ICommand<ReminderRun>;

internal sealed class RemindOverdueFindingsHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, IOfficeClock clock, TimeProvider time,
    IOutbox outbox) : IRequestHandler<RemindOverdueFindings, ReminderRun>
{
    public async Task<ReminderRun> Handle(RemindOverdueFindings command, CancellationToken ct)
    {
        var today = clock.Today;
        static bool Due(Finding f, DateOnly today) => f.Case is null && f.RectifiedAt is null && f.OverdueNotifiedAt is null && f.Deadline < today;
        // Tours are few (dozens a year) and findings live inside them: filtered here rather than in JSON paths.
        async Task<List<Tour>> DueToursAsync() =>
            (await (await session.QueryInScopeAsync<Tour>(scope, ct)).ToListAsync(ct)).Where(t => t.Findings.Any(f => Due(f, today))).ToList();
        // Every instance runs this each minute: the due tours' rows are locked (in id order) and read again, so a run that
        // waited finds them told by the one before it. The tours' optimistic check did not stop two instances at once:
        // each finding was told twice (the reliability suite).
        await session.BeginTransactionAsync(ct);
        var candidates = await DueToursAsync();
        if (candidates.Count == 0) return new ReminderRun(0);
        await using (var lockRows = new Npgsql.NpgsqlCommand(
                         $"select 1 from {store.Options.FindOrResolveDocumentType(typeof(Tour)).TableName.QualifiedName} where id = any($1) order by id for update",
                         session.Connection) { Parameters = { new() { Value = candidates.Select(t => t.Id).Order().ToArray() } } })
            await lockRows.ExecuteNonQueryAsync(ct);
        var tours = await DueToursAsync();
        var now = time.GetUtcNow();
        var reminded = 0;
        foreach (var tour in tours)
            foreach (var finding in tour.Findings.Where(f => Due(f, today)))
            {
                finding.OverdueNotifiedAt = now;
                reminded++;
                var subject = new LocalizedText($"巡察问题整改已逾期：{tour.Name}", $"Tour finding overdue: {tour.Name}");
                outbox.Send(session, new Notify(NotificationRecipients.Unit(new OrgUnitId(finding.Unit)), subject,
                    new LocalizedText($"巡察发现的问题「{finding.Problem}」应于 {finding.Deadline:yyyy-MM-dd} 前整改完成，现已逾期。请尽快整改并向{tour.OwnerName}报告。",
                        $"The problem '{finding.Problem}' found on the tour was due for rectification by {finding.Deadline:yyyy-MM-dd}. Rectify it and report to {tour.OwnerName}."),
                    null, "inspection-finding-overdue"));
                outbox.Send(session, new Notify(NotificationRecipients.Users([finding.By]), subject,
                    new LocalizedText($"{finding.UnitName} 未在 {finding.Deadline:yyyy-MM-dd} 前完成「{finding.Problem}」的整改。",
                        $"{finding.UnitName} has not rectified '{finding.Problem}' by {finding.Deadline:yyyy-MM-dd}."),
                    $"/inspection/tours/{tour.Id}", "inspection-finding-overdue"));
            }
        foreach (var tour in tours) session.Store(tour);
        try
        {
            // Tours are versioned: an instance that read a tour before another stored its reminders commits nothing.
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException || e is AggregateException { InnerExceptions: var all } && all.All(x => x is JasperFx.ConcurrencyException))
        {
            return new ReminderRun(0);
        }
        return new ReminderRun(reminded);
    }
}
