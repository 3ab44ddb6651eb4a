using NetInfoSuite.Contracts.Notifications;

namespace NetInfoSuite.Modules.Compliance.Notices;

internal sealed class IssueNoticeValidator : AbstractValidator<IssueRectificationNotice>
{
    public IssueNoticeValidator()
    {
        RuleFor(x => x.Recipient.Value).NotEmpty().OverridePropertyName("recipient").WithName("recipient");
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Problems).NotEmpty().MaximumLength(20_000);
        RuleFor(x => x.Requirements).NotEmpty().MaximumLength(20_000);
        RuleFor(x => x.Deadline).NotEmpty();
        RuleFor(x => x.Cases).NotNull().Must(c => c.Count <= 100);
    }
}

/// <summary>Issues a notice: checks everything first, then takes the tenant's next number in the same transaction
/// as the notice itself, so a refusal or a failed commit leaves no gap (docs/adr/0024).</summary>
internal sealed class IssueNoticeHandler(IDocumentSession session, NoticeIssuer issuer) : IRequestHandler<IssueRectificationNotice, RectificationNoticeInfo>
{
    public async Task<RectificationNoticeInfo> Handle(IssueRectificationNotice command, CancellationToken ct)
    {
        var notice = await issuer.IssueAsync(command, [], ct);
        await session.SaveChangesAsync(ct);
        return new RectificationNoticeInfo(notice.Id, notice.Number, new OrgUnitId(notice.Recipient), notice.IssuedAt, notice.Deadline);
    }
}

/// <summary>Puts a notice, numbered, into the session's transaction with its cases and its outbox message; the caller
/// commits (with whatever else belongs to the same step, e.g. a campaign's finding).</summary>
internal sealed class NoticeIssuer(IDocumentSession session, ICallerScope scope, ICaller caller, IOfficeClock clock, TimeProvider time,
    IOutbox outbox, ComplianceOptions options)
{
    /// <param name="newCases">Cases opened in the same step, not stored yet: the notice is issued for them too.</param>
    public async Task<Notice> IssueAsync(IssueRectificationNotice command, IReadOnlyList<ReviewCase> newCases, CancellationToken ct)
    {
        var recipient = await scope.UsableAsync(command.Recipient.Value, "recipient", ct);
        if (command.Deadline < clock.Today)
            throw new RuleViolationException("deadline", "整改期限不能早于今天", "The deadline cannot be before today");
        var caseIds = command.Cases.Distinct().ToList();
        var cases = (await session.LoadManyInScopeAsync<ReviewCase>(scope, caseIds, ct)).ToList();
        if (cases.Count != caseIds.Count)
            throw new RuleViolationException("cases", "有案件不存在或不在本单位范围内", "A case does not exist or is outside your part of the tree");
        if (cases.FirstOrDefault(c => c.Status is CaseStatus.Closed or CaseStatus.Dismissed) is { } done)
            throw new RuleViolationException("cases", $"案件「{done.Subject}」已办结，不能再下发整改", $"The case '{done.Subject}' is already closed");
        cases.AddRange(newCases);
        caseIds.AddRange(newCases.Select(c => c.Id));

        // The issuing office: the caller's county-level unit, else its city (a province's city numbers its own notices
        // under its own name), else the root; the system issues as the recipient's.
        var own = caller.OrgUnit is { } unit ? await scope.PlaceOfAsync(unit.Value, ct) : null;
        var issuer = own ?? recipient;
        var office = issuer.RootFirst.FirstOrDefault(u => u.Level == Contracts.Directory.OrgLevel.County)
            ?? issuer.RootFirst.FirstOrDefault(u => u.Level == Contracts.Directory.OrgLevel.City) ?? issuer.RootFirst[0];
        var tenant = caller.IsSystem ? Tenants.Of(issuer.RootFirst) : caller.Tenant.Value;
        var now = time.GetUtcNow();
        var year = clock.DayOf(now).Year;

        await session.BeginTransactionAsync(ct);
        var n = await NextNumberAsync(session.Connection!, tenant, year, ct);
        var notice = new Notice
        {
            Id = Guid.CreateVersion7(), Tenant = tenant, Year = year, Sequence = n,
            Number = options.Number(tenant, office.Name, office.Level != Contracts.Directory.OrgLevel.County, year, n),
            IssuerUnit = issuer.Id, IssuerUnitName = issuer.Name, IssuedBy = caller.Login, IssuedAt = now,
            Recipient = recipient.Id, RecipientName = recipient.Name, Subject = command.Subject.Trim(), Problems = command.Problems.Trim(),
            Requirements = command.Requirements.Trim(), Deadline = command.Deadline, Cases = caseIds, Status = NoticeStatus.Issued,
            Steps = [new NoticeStep(NoticeStatus.Issued, caller.Login, now, null, command.Deadline)], UnitPath = recipient.Path,
        };
        session.Store(notice);
        foreach (var c in cases)
        {
            c.Status = CaseStatus.UnderRectification;
            c.Notices.Add(notice.Id);
            session.Store(c);
        }
        outbox.Send(session, new Notify(NotificationRecipients.NearestWith(CompliancePermissions.Respond, [new OrgUnitId(recipient.Id)]),
            new LocalizedText($"收到整改通知书 {notice.Number}", $"Rectification notice {notice.Number} received"),
            new LocalizedText($"{notice.Subject}：请签收，并于 {notice.Deadline:yyyy-MM-dd} 前提交整改报告。",
                $"{notice.Subject}: sign for it and report by {notice.Deadline:yyyy-MM-dd}."),
            $"/compliance/notices/{notice.Id}", "notice-issued"));
        return notice;
    }

    // The row stays locked until this transaction ends: parallel issues of one tenant wait for each other's commit.
    private static async Task<int> NextNumberAsync(NpgsqlConnection connection, string tenant, int year, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            insert into {ComplianceTables.NoticeNumbers} as n (tenant, year, last) values ($1, $2, 1)
            on conflict (tenant, year) do update set last = n.last + 1
            returning last
            """, connection) { Parameters = { new() { Value = tenant }, new() { Value = year } } };
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
