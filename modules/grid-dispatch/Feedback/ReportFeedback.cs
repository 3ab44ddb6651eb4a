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

internal sealed class ReportFeedbackHandler(IDocumentStore store, ICaller caller, TimeProvider clock)
    : IRequestHandler<ReportFeedback, TaskView>
{
    public async Task<TaskView> Handle(ReportFeedback command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (command.DoneAt is { } doneAt && doneAt > now + TimeSpan.FromMinutes(5))
            throw new RuleViolationException("doneAt", "完成时间不能晚于现在", "The time done cannot be in the future");
        await using var connection = await TaskRows.OpenAsync(store, ct);
        // One statement on the happy path: it stores the report only on a task still open, released to this
        // operator; a late report is kept and marked late.
        await using (var update = new NpgsqlCommand($"""
            update {DispatchTables.Tasks} t set status = $2, done_at = $3, reported_at = $4, late = $4 > t.deadline, reached = $5,
                evidence_link = $6, note = $7, unable_reason = $8, client_key = $9, reported_by = $10
            where t.id = $1 and t.status = 0 and t.released_at is not null and $10 = any(t.operators)
            returning {TaskRows.Columns}
            """, connection))
        {
            update.Parameters.Add(new() { Value = command.TaskId });
            update.Parameters.Add(new() { Value = (short)(command.Unable ? DispatchTaskStatus.Unable : DispatchTaskStatus.Done) });
            update.Parameters.Add(new() { Value = command.Unable ? DBNull.Value : (command.DoneAt ?? now).ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            update.Parameters.Add(new() { Value = now });
            update.Parameters.Add(new() { Value = command.Unable ? DBNull.Value : command.Reached!.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            update.Parameters.Add(new() { Value = (object?)NullIfEmpty(command.EvidenceLink) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = (object?)NullIfEmpty(command.Note) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = command.Unable ? command.UnableReason!.Trim() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = command.ClientKey });
            update.Parameters.Add(new() { Value = caller.Login });
            await using var reader = await update.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) return TaskRows.Read(reader);
        }

        // Nothing changed: say why.
        await using var check = new NpgsqlCommand($"select status, client_key, released_at is not null, $2 = any(operators) from {DispatchTables.Tasks} where id = $1", connection)
            { Parameters = { new() { Value = command.TaskId }, new() { Value = caller.Login } } };
        await using (var reader = await check.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct) || !reader.GetBoolean(3)) // not this operator's group: as if it did not exist
                throw new NotFoundException("task", command.TaskId.ToString());
            if (!reader.GetBoolean(2))
                throw new RuleViolationException("taskId", "该任务尚未转发到本群", "This task has not been forwarded to the group yet");
            if (!reader.IsDBNull(1) && reader.GetString(1) != command.ClientKey)
                throw new RuleViolationException("clientKey", "该任务已经反馈过", "This task has already been reported");
        }
        // The same report again (a phone retrying): the stored one.
        return (await TaskRows.QueryAsync(connection, "t.id = $1", ct, command.TaskId)).Single();
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
