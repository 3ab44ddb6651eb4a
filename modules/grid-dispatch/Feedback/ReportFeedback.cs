namespace NetInfoSuite.Modules.GridDispatch.Feedback;

/// <summary>The operator's report on a task: done (when, how many members reached, evidence link, note) or
/// unable (why). <paramref name="ClientKey"/> comes from the phone: sending the same report again changes nothing.</summary>
[RequiresPermission(GridDispatchPermissions.Operate)]
internal sealed record ReportFeedback(Guid TaskId, string ClientKey, bool Unable, DateTimeOffset? DoneAt, int? Reached,
    string? EvidenceLink, string? Note, string? UnableReason) : ICommand<TaskView>
{
    public Guid Id => TaskId;

    /// <summary>The same report for more of the operator's groups of the same directive (each with its own members
    /// reached): stored with the first one, all or none.</summary>
    public IReadOnlyList<AlsoReported>? Also { get; init; }
}

public sealed record AlsoReported(Guid TaskId, int? Reached);

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
        RuleFor(x => x.Also).Must(a => a is null || a.Count <= 50);
        RuleFor(x => x.Also).Must((x, a) => a is null || a.Select(r => r.TaskId).Append(x.TaskId).Distinct().Count() == a.Count + 1)
            .WithMessage(_ => new LocalizedText("同一个群只能反馈一次", "Each group is reported once").Current);
        RuleForEach(x => x.Also).Must(r => r.Reached is >= 0 and <= 1_000_000).When(x => !x.Unable)
            .WithMessage(_ => new LocalizedText("请为每个选中的群填写覆盖人数（0 到 1000000）", "Enter the members reached (0 to 1000000) for each group chosen").Current);
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
        var reports = (command.Also ?? []).Prepend(new AlsoReported(command.TaskId, command.Reached)).ToList();
        if (reports.Count > 1 && !await SameDirectiveAsync(reports, ct))
            throw new RuleViolationException("also", "一次反馈只能包括同一指令下您的网格群", "One report covers only your groups of the same directive");
        foreach (var report in reports) Queue(command with { TaskId = report.TaskId, Reached = report.Reached }, now);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (IsRefusal(ex))
        {
            foreach (var report in reports) await ExplainAsync(command with { TaskId = report.TaskId }, ct);
            throw;
        }
        await using var connection = await TaskRows.OpenAsync(store, ct);
        return (await TaskRows.QueryAsync(connection, "t.id = $1", ct, command.TaskId)).Single();
    }

    private async Task<bool> SameDirectiveAsync(List<AlsoReported> reports, CancellationToken ct)
    {
        await using var connection = await TaskRows.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"select count(distinct directive_id), count(*) from {DispatchTables.Tasks} where id = any($1) and $2 = any(operators)", connection)
            { Parameters = { new() { Value = reports.Select(r => r.TaskId).ToArray() }, new() { Value = caller.Login } } };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetInt64(0) == 1 && reader.GetInt64(1) == reports.Count;
    }

    private void Queue(ReportFeedback command, DateTimeOffset now)
    {
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
    }

    private static bool IsRefusal(Exception ex) =>
        (ex as PostgresException ?? ex.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.NotNullViolation, ColumnName: "report_stored" };

    // Why this report was not stored, as the caller should hear it.
    private async Task ExplainAsync(ReportFeedback command, CancellationToken ct)
    {
        await using var connection = await TaskRows.OpenAsync(store, ct);
        await using var check = new NpgsqlCommand($"""
            select released_at is not null, $2 = any(operators), status = 0 or client_key is not distinct from $3 from {DispatchTables.Tasks} where id = $1
            """, connection) { Parameters = { new() { Value = command.TaskId }, new() { Value = caller.Login }, new() { Value = command.ClientKey } } };
        await using var reader = await check.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || !reader.GetBoolean(1)) // not this operator's group: as if it did not exist
            throw new NotFoundException("task", command.TaskId.ToString());
        if (reader.GetBoolean(0) && reader.GetBoolean(2)) return; // this one could be stored: another of the report was refused
        if (!reader.GetBoolean(0))
            throw new RuleViolationException("taskId", "该任务尚未转发到本群", "This task has not been forwarded to the group yet");
        throw new RuleViolationException("clientKey", "该任务已经反馈过", "This task has already been reported");
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
