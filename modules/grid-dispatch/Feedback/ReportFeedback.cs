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

internal sealed class ReportFeedbackHandler(IDocumentStore store, ICaller caller, ICommandAudit audit, TimeProvider clock)
    : IRequestHandler<ReportFeedback, TaskView>
{
    public async Task<TaskView> Handle(ReportFeedback command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (command.DoneAt is { } doneAt && doneAt > now + TimeSpan.FromMinutes(5))
            throw new RuleViolationException("doneAt", "完成时间不能晚于现在", "The time done cannot be in the future");
        var reports = (command.Also ?? []).Prepend(new AlsoReported(command.TaskId, command.Reached)).ToList();
        await using var connection = await TaskRows.OpenAsync(store, ct);
        if (reports.Count > 1 && !await SameDirectiveAsync(connection, reports, ct))
            throw new RuleViolationException("also", "一次反馈只能包括同一指令下您的网格群", "One report covers only your groups of the same directive");

        // The operators' hot path (issue 22): one round trip and one transaction (a batch without a transaction of its own
        // commits as one) for the reports, the check that they hold, the audit record and the task as it now is.
        await using var batch = Batch(connection, command, reports, now);
        TaskView stored;
        try
        {
            await batch.PrepareAsync(ct); // parsed and planned once per pooled connection, not per report (issue 22)
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            stored = TaskRows.Read(reader);
            while (await reader.NextResultAsync(ct)) { } // to the end of the batch: past its commit
        }
        catch (Exception ex) when (IsRefusal(ex))
        {
            foreach (var report in reports) await ExplainAsync(connection, command with { TaskId = report.TaskId }, ct);
            throw;
        }
        audit.Committed();
        return stored;
    }

    private async Task<bool> SameDirectiveAsync(NpgsqlConnection connection, List<AlsoReported> reports, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select count(distinct directive_id), count(*) from {DispatchTables.Tasks} where id = any($1) and $2 = any(operators)", connection)
            { Parameters = { new() { Value = reports.Select(r => r.TaskId).ToArray() }, new() { Value = caller.Login } } };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetInt64(0) == 1 && reader.GetInt64(1) == reports.Count;
    }

    private NpgsqlBatch Batch(NpgsqlConnection connection, ReportFeedback command, List<AlsoReported> reports, DateTimeOffset now)
    {
        // One report (the usual case) names its task by value, more as an array ("= any", not a join with unnest, which the
        // planner takes for 100 rows). A prepared "= any($n)" is planned again at every execution (its generic plan guesses
        // ten elements and loses to the custom one): that planning cost PostgreSQL more than the rest of the batch (issue 22).
        var single = reports.Count == 1;
        var ids = reports.Select(r => r.TaskId).ToArray();
        string Match(string parameter) => single ? $"t.id = {parameter}::uuid" : $"t.id = any({parameter}::uuid[])";
        object idsValue = single ? ids[0] : ids;
        var reachedValues = reports.Select(r => command.Unable ? null : r.Reached).ToArray();
        var reached = single ? "$10::int" : "($10::int[])[array_position($9::uuid[], t.id)]";
        var batch = new NpgsqlBatch(connection);
        // Stored only on a task still open and released to this operator; a late report is kept and marked late.
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            update {DispatchTables.Tasks} t set status = $1, done_at = $2::timestamptz, reported_at = $3, late = $3 > t.deadline,
                reached = {reached}, evidence_link = $4::text, note = $5::text, unable_reason = $6::text, client_key = $7, reported_by = $8
            where {Match("$9")} and t.status = 0 and t.released_at is not null and $8 = any(t.operators)
            """)
        {
            Parameters =
            {
                new() { Value = (short)(command.Unable ? DispatchTaskStatus.Unable : DispatchTaskStatus.Done) },
                new() { Value = command.Unable ? DBNull.Value : ((command.DoneAt ?? now).ToUniversalTime()) }, new() { Value = now },
                new() { Value = (object?)NullIfEmpty(command.EvidenceLink) ?? DBNull.Value }, new() { Value = (object?)NullIfEmpty(command.Note) ?? DBNull.Value },
                new() { Value = command.Unable ? command.UnableReason!.Trim() : DBNull.Value }, new() { Value = command.ClientKey },
                new() { Value = caller.Login },
                new() { Value = idsValue },
                new() { Value = single ? (object?)reachedValues[0] ?? DBNull.Value : reachedValues },
            },
        });
        if (audit.Insert() is { } record) batch.BatchCommands.Add(record);
        // The task as it now is, after a check that aborts the batch unless every row holds this report (this time or an
        // earlier try with the same key), so a refused report leaves nothing behind, its audit record included. A statement
        // after the update's: it sees a report a concurrent try with the same key committed while the update waited for
        // the row. (An insert in a WITH always runs, whether or not the select reads it.)
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            with must_hold as (insert into {DispatchTables.MustHold} (report_stored) select null where
                (select count(*) from {DispatchTables.Tasks} t where {Match("$2")} and client_key = $3 and $4 = any(operators)) <> $5)
            select {TaskRows.Columns} from {DispatchTables.Tasks} t where t.id = $1
            """)
        {
            Parameters =
            {
                new() { Value = command.TaskId }, new() { Value = idsValue }, new() { Value = command.ClientKey }, new() { Value = caller.Login },
                new() { Value = (long)ids.Length },
            },
        });
        return batch;
    }

    private static bool IsRefusal(Exception ex) =>
        (ex as PostgresException ?? ex.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.NotNullViolation, ColumnName: "report_stored" };

    // Why this report was not stored, as the caller should hear it.
    private async Task ExplainAsync(NpgsqlConnection connection, ReportFeedback command, CancellationToken ct)
    {
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
