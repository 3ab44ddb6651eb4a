using NetInfoSuite.Contracts.Notifications;

namespace NetInfoSuite.Modules.Compliance.Notices;

public sealed record EscalationRun(int Overdue);

/// <summary>逾期督办: every open notice past its deadline (not waiting for verification) is told overdue once per
/// deadline: the claim row, the notice's mark, <see cref="NoticeOverdue"/> and the notices to the recipient and the
/// issuer commit together, so a second instance claims nothing and no one hears twice. Runs every minute on every
/// instance as the system; the endpoint runs it now within the caller's subtree.</summary>
[RequiresPermission(CompliancePermissions.Notices)]
internal sealed record RunNoticeEscalation : ICommand<EscalationRun>;

internal sealed class RunNoticeEscalationHandler(IDocumentSession session, ICallerScope scope, IOfficeClock clock, TimeProvider time, IOutbox outbox)
    : IRequestHandler<RunNoticeEscalation, EscalationRun>
{
    public async Task<EscalationRun> Handle(RunNoticeEscalation command, CancellationToken ct)
    {
        var today = clock.Today;
        var due = await (await session.QueryInScopeAsync<Notice>(scope, ct))
            .Where(n => n.Status != NoticeStatus.Verified && n.Status != NoticeStatus.ReportSubmitted && n.Deadline < today && n.OverdueNotifiedAt == null)
            .Take(500).ToListAsync(ct);
        if (due.Count == 0) return new EscalationRun(0);
        var now = time.GetUtcNow();
        await session.BeginTransactionAsync(ct);
        var claimed = await ClaimAsync(session.Connection!, due, now, ct);
        var told = due.Where(n => claimed.Contains(n.Id)).ToList();
        // Every notice before any message: a message queued before a notice (its select pg_notify answers a row) is read by
        // Marten as that notice's result, so the check passed for a notice answered meanwhile: its stale write was dropped
        // without an error and its overdue messages went out. Now such a run fails whole and the next one reads it again.
        foreach (var notice in told)
        {
            notice.OverdueNotifiedAt = now;
            session.Store(notice);
        }
        foreach (var notice in told)
        {
            outbox.Publish(session, new NoticeOverdue(notice.Id, notice.Number, new OrgUnitId(notice.Recipient), notice.Subject, notice.Deadline));
            var subject = new LocalizedText($"整改通知书已逾期 {notice.Number}", $"Rectification notice overdue: {notice.Number}");
            outbox.Send(session, new Notify(NotificationRecipients.NearestWith(CompliancePermissions.Respond, [new OrgUnitId(notice.Recipient)]), subject,
                new LocalizedText($"「{notice.Subject}」的整改期限 {notice.Deadline:yyyy-MM-dd} 已过，请尽快整改并提交整改报告。",
                    $"The deadline {notice.Deadline:yyyy-MM-dd} for '{notice.Subject}' has passed: rectify and report now."),
                $"/compliance/notices/{notice.Id}", "notice-overdue"));
            outbox.Send(session, new Notify(NotificationRecipients.Users([notice.IssuedBy]), subject,
                new LocalizedText($"{notice.RecipientName} 未在 {notice.Deadline:yyyy-MM-dd} 前完成「{notice.Subject}」的整改。",
                    $"{notice.RecipientName} has not rectified '{notice.Subject}' by {notice.Deadline:yyyy-MM-dd}."),
                $"/compliance/notices/{notice.Id}", "notice-overdue"));
        }
        // A claim that lost the race to another instance stores nothing here; its optimistic check would refuse anyway.
        await session.SaveChangesAsync(ct);
        return new EscalationRun(claimed.Count);
    }

    private static async Task<HashSet<Guid>> ClaimAsync(NpgsqlConnection connection, IReadOnlyList<Notice> due, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            insert into {ComplianceTables.Escalations} (notice_id, deadline, at)
            select * from unnest($1::uuid[], $2::date[]) as d(notice_id, deadline), (select $3::timestamptz) as t(at)
            on conflict do nothing
            returning notice_id
            """, connection)
        {
            Parameters =
            {
                new() { Value = due.Select(n => n.Id).ToArray() }, new() { Value = due.Select(n => n.Deadline).ToArray() }, new() { Value = now },
            },
        };
        var claimed = new HashSet<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) claimed.Add(reader.GetGuid(0));
        return claimed;
    }
}
