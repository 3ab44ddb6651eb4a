namespace NetInfoSuite.Modules.GridDispatch.Feedback;

/// <summary>The operator's report on a task: done (when, how many members reached, evidence link, note) or
/// unable (why). <paramref name="ClientKey"/> comes from the phone: sending the same report again changes nothing.</summary>
[RequiresPermission(GridDispatchPermissions.Operate)]
internal sealed record ReportFeedback(Guid TaskId, string ClientKey, bool Unable, DateTimeOffset? DoneAt, int? Reached,
    string? EvidenceLink, string? Note, string? UnableReason) : ICommand<TaskView>
{
    public Guid Id => TaskId;
}

internal sealed class ReportFeedbackValidator : AbstractValidator<ReportFeedback>
{
    public ReportFeedbackValidator()
    {
        RuleFor(x => x.ClientKey).NotEmpty().MaximumLength(64);
        RuleFor(x => x.Reached).NotNull().InclusiveBetween(0, 1_000_000).When(x => !x.Unable)
            .WithMessage(_ => new LocalizedText("请填写覆盖人数（0 到 1000000）", "Enter the members reached (0 to 1000000)").Current);
        RuleFor(x => x.UnableReason).NotEmpty().MaximumLength(500).When(x => x.Unable);
        RuleFor(x => x.Note).MaximumLength(1000);
        RuleFor(x => x.EvidenceLink).Must(l => Uri.TryCreate(l, UriKind.Absolute, out var u) && u.Scheme is "http" or "https")
            .When(x => !string.IsNullOrEmpty(x.EvidenceLink))
            .WithMessage(_ => new LocalizedText("证明链接须为 http(s) 网址", "The evidence link must be an http(s) address").Current);
    }
}

internal sealed class ReportFeedbackHandler(IDocumentSession session, IDocumentStore store, ICaller caller, TimeProvider clock)
    : IRequestHandler<ReportFeedback, TaskView>
{
    public async Task<TaskView> Handle(ReportFeedback command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (command.DoneAt is { } doneAt && doneAt > now + TimeSpan.FromMinutes(5))
            throw new RuleViolationException("doneAt", "完成时间不能晚于现在", "The time done cannot be in the future");
        // Stored only on a task still open and released to this operator; a late report is kept and marked late.
        // Queued into the session, so the report and its audit record commit together: one commit per report. The
        // second statement aborts that transaction unless the row now holds this report (this time or an earlier
        // try with the same key), so a refused report leaves nothing behind, its audit record included.
        session.QueueSqlCommand($"""
            update {DispatchTables.Tasks} t set status = ?, done_at = ?::timestamptz, reported_at = ?, late = ? > t.deadline, reached = ?::int,
                evidence_link = ?::text, note = ?::text, unable_reason = ?::text, client_key = ?, reported_by = ?
            where t.id = ? and t.status = 0 and t.released_at is not null and ? = any(t.operators)
            """,
            (short)(command.Unable ? DispatchTaskStatus.Unable : DispatchTaskStatus.Done),
            command.Unable ? DBNull.Value : (command.DoneAt ?? now).ToUniversalTime(), now, now,
            command.Unable ? DBNull.Value : command.Reached!.Value, (object?)NullIfEmpty(command.EvidenceLink) ?? DBNull.Value,
            (object?)NullIfEmpty(command.Note) ?? DBNull.Value, command.Unable ? command.UnableReason!.Trim() : DBNull.Value,
            command.ClientKey, caller.Login, command.TaskId, caller.Login);
        session.QueueSqlCommand($"""
            insert into {DispatchTables.MustHold} (report_stored) select null where not exists
                (select 1 from {DispatchTables.Tasks} where id = ? and client_key = ? and ? = any(operators))
            """, command.TaskId, command.ClientKey, caller.Login);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (IsRefusal(ex))
        {
            await ExplainAsync(command, ct);
            throw;
        }
        await using var connection = await TaskRows.OpenAsync(store, ct);
        return (await TaskRows.QueryAsync(connection, "t.id = $1", ct, command.TaskId)).Single();
    }

    private static bool IsRefusal(Exception ex) =>
        (ex as PostgresException ?? ex.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.NotNullViolation, ColumnName: "report_stored" };

    // Why this report was not stored, as the caller should hear it.
    private async Task ExplainAsync(ReportFeedback command, CancellationToken ct)
    {
        await using var connection = await TaskRows.OpenAsync(store, ct);
        await using var check = new NpgsqlCommand($"select released_at is not null, $2 = any(operators) from {DispatchTables.Tasks} where id = $1", connection)
            { Parameters = { new() { Value = command.TaskId }, new() { Value = caller.Login } } };
        await using var reader = await check.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || !reader.GetBoolean(1)) // not this operator's group: as if it did not exist
            throw new NotFoundException("task", command.TaskId.ToString());
        if (!reader.GetBoolean(0))
            throw new RuleViolationException("taskId", "该任务尚未转发到本群", "This task has not been forwarded to the group yet");
        throw new RuleViolationException("clientKey", "该任务已经反馈过", "This task has already been reported");
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
