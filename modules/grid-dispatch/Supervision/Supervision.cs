using NetInfoSuite.Contracts.Notifications;

namespace NetInfoSuite.Modules.GridDispatch.Supervision;

public sealed record SupervisionRun(DateTimeOffset At, IReadOnlyDictionary<string, int> Steps);

/// <summary>督办: takes every step of the escalation policy that has come due for an open task, each exactly once
/// (a row per task and step; a second instance inserting the same row inserts nothing), and tells the people the
/// step names: the claims and the notices (through the outbox) commit together, so a step taken is never a step
/// untold. Runs every minute in the background on every instance; this request runs it now.</summary>
[RequiresPermission(GridDispatchPermissions.Supervise)]
internal sealed record RunSupervision : ICommand<SupervisionRun>;

internal sealed class RunSupervisionHandler(IDocumentSession session, IOutbox outbox, IMediator mediator, DispatchOptions options, TimeProvider clock)
    : IRequestHandler<RunSupervision, SupervisionRun>
{
    public async Task<SupervisionRun> Handle(RunSupervision request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var counts = new Dictionary<string, int>();
        await session.BeginTransactionAsync(ct);
        var connection = session.Connection!;
        foreach (var (urgency, steps) in options.Escalation)
        foreach (var step in steps)
        {
            var due = await TakeDueAsync(connection, urgency, step, now, ct);
            if (due.Count == 0) continue;
            counts[step.Step] = counts.GetValueOrDefault(step.Step) + due.Count;
            await NotifyAsync(step.Step, due, ct);
        }
        // The steps were written on the session's own connection; Marten commits only a session with queued work, and
        // a step may have no one to tell (a reminder to a group without operators): it must be kept all the same. A queued
        // statement returns no rows (QueuedSqlTests).
        if (counts.Count > 0) session.QueueSqlCommand("do $$ begin end $$");
        await session.SaveChangesAsync(ct); // nothing due: nothing to commit
        return new SupervisionRun(now, counts);
    }

    private sealed record Due(Guid TaskId, Guid DirectiveId, string GroupName, Guid Unit, Guid? Street, Guid? County, Guid City,
        Guid? Province, DateTimeOffset Deadline, string[] Operators);

    private static async Task<List<Due>> TakeDueAsync(NpgsqlConnection connection, Urgency urgency, EscalationStep step, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            with taken as (
                insert into {DispatchTables.SupervisionLog} (task_id, step, directive_id, at, detail, by_login)
                select t.id, $1, t.directive_id, $2, $4, 'system' from {DispatchTables.Tasks} t
                where t.status = 0 and t.released_at is not null and t.urgency = $3 and t.deadline + $5 <= $2
                on conflict do nothing
                returning task_id),
            marked as (
                update {DispatchTables.Tasks} t set overdue = true from taken where $1 = '{DispatchOptions.Overdue}' and t.id = taken.task_id)
            select t.id, t.directive_id, t.group_name, t.unit_id, t.street_id, t.county_id, split_part(t.unit_path, '/', 2), t.deadline, t.operators,
                t.city_id
            from {DispatchTables.Tasks} t join taken on t.id = taken.task_id
            """, connection)
        {
            Parameters =
            {
                new() { Value = step.Step }, new() { Value = now }, new() { Value = (short)urgency },
                new() { Value = StepTitle(step.Step).ZhCn }, new() { Value = step.Offset, NpgsqlDbType = NpgsqlDbType.Interval },
            },
        };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var due = new List<Due>();
        while (await reader.ReadAsync(ct))
        {
            // The root is the city of a one-city tree; in a province's, the task's city is below it.
            var root = Guid.ParseExact(reader.GetString(6), "N");
            var city = reader.IsDBNull(9) ? root : reader.GetGuid(9);
            due.Add(new Due(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetGuid(5),
                city, city == root ? null : root, reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<string[]>(8)));
        }
        return due;
    }

    private async Task NotifyAsync(string step, List<Due> due, CancellationToken ct)
    {
        if (step == DispatchOptions.Overdue)
            foreach (var task in due)
                outbox.Publish(session, new TaskOverdue(task.TaskId, task.DirectiveId, task.GroupName, new OrgUnitId(task.Unit), task.Deadline));
        if (step == DispatchOptions.Remind)
        {
            // A reminder goes to the operators each group names, one notice per operator and directive; a group with no
            // operator signed up to the platform has no one to remind (its street hears at the deadline).
            foreach (var batch in due.SelectMany(d => d.Operators.Select(login => (d, login))).GroupBy(x => (x.d.DirectiveId, x.login)))
            {
                var tasks = batch.Select(x => x.d).ToList();
                Send(step, NotificationRecipients.Users([batch.Key.login]) with { Permission = GridDispatchPermissions.Operate }, tasks,
                    tasks.Count == 1 ? $"/grid-dispatch/tasks/{tasks[0].TaskId}" : "/grid-dispatch/tasks");
            }
            return;
        }
        // Overdue and escalation notices go to the nearest level, from the step's own up to the city (then the province,
        // in a province-wide tree), that has someone who supervises (督办): street, else county, else city, else
        // province; one notice per directive and level reached.
        var reached = new Dictionary<string, OrgUnitId?>();
        var batches = new Dictionary<(Guid Directive, OrgUnitId Unit), List<Due>>();
        foreach (var task in due)
        {
            OrgUnitId[] levels = [.. (step switch
            {
                DispatchOptions.Overdue => new[] { task.Street, task.County, task.City, task.Province },
                DispatchOptions.County => [task.County, task.City, task.Province],
                _ => [task.City, task.Province],
            }).OfType<Guid>().Distinct().Select(id => new OrgUnitId(id))];
            var key = string.Join('/', levels);
            if (!reached.TryGetValue(key, out var unit))
                reached[key] = unit = await mediator.Send(new FindNearestUnitWith(GridDispatchPermissions.Supervise, levels), ct);
            if (unit is not { } to) continue; // no one anywhere up the tree supervises: the log still shows the step
            if (!batches.TryGetValue((task.DirectiveId, to), out var list)) batches[(task.DirectiveId, to)] = list = [];
            list.Add(task);
        }
        foreach (var ((directive, unit), tasks) in batches)
            Send(step, NotificationRecipients.NearestWith(GridDispatchPermissions.Supervise, [unit]), tasks,
                $"/grid-dispatch/directives/{directive}");
    }

    private void Send(string step, NotificationRecipients to, List<Due> tasks, string link)
    {
        var groups = string.Join("、", tasks.Take(5).Select(d => d.GroupName)) + (tasks.Count > 5 ? "…" : "");
        outbox.Send(session, new Notify(to, StepTitle(step),
            new($"{tasks.Count} 个网格群尚未反馈：{groups}", $"{tasks.Count} groups have not reported: {groups}"),
            link, "grid-dispatch." + step));
    }

    public static LocalizedText StepTitle(string step) => step switch
    {
        DispatchOptions.Remind => new("传播任务即将到期", "A propagation task is due soon"),
        DispatchOptions.Overdue => new("传播任务已逾期", "Propagation tasks are overdue"),
        DispatchOptions.County => new("督办：逾期任务上报县级", "Escalation to the county: overdue tasks"),
        DispatchOptions.City => new("督办：逾期任务上报市级", "Escalation to the city: overdue tasks"),
        _ => new("督办通知", "Supervision notice"),
    };
}

/// <summary>A higher level's own 督办 notice to a unit about a directive, with a comment: logged on each of the
/// unit's open tasks and sent to the unit.</summary>
[RequiresPermission(GridDispatchPermissions.Supervise)]
internal sealed record SuperviseManually(Guid DirectiveId, Guid UnitId, string Comment) : ICommand<int>;

internal sealed class SuperviseManuallyValidator : AbstractValidator<SuperviseManually>
{
    public SuperviseManuallyValidator() => RuleFor(x => x.Comment).NotEmpty().MaximumLength(1000);
}

internal sealed class SuperviseManuallyHandler(IDocumentSession session, ICallerScope scope, IOutbox outbox, ICaller caller, TimeProvider clock)
    : IRequestHandler<SuperviseManually, int>
{
    public async Task<int> Handle(SuperviseManually command, CancellationToken ct)
    {
        var directive = await Directives.Directives.LoadAsync(session, scope, command.DirectiveId, ct);
        var unit = await scope.PlaceOfAsync(command.UnitId, ct);
        var mine = await scope.CallerPathAsync(ct);
        // Only from above: the unit must lie strictly below the caller's own unit.
        if (unit is null || !unit.Path.StartsWith(mine, StringComparison.Ordinal) || unit.Path == mine)
            throw new RuleViolationException("unitId", "只能督办下级单位", "Only a unit below yours can be sent a notice");
        await session.BeginTransactionAsync(ct); // the log rows and the notice commit together
        await using var cmd = new NpgsqlCommand($"""
            insert into {DispatchTables.SupervisionLog} (task_id, step, directive_id, at, detail, by_login)
            select id, $3, directive_id, $4, $5, $6 from {DispatchTables.Tasks}
            where directive_id = $1 and status = 0 and unit_path like $2 || '%'
            """, session.Connection)
        {
            Parameters =
            {
                new() { Value = directive.Id }, new() { Value = unit.Path }, new() { Value = "manual-" + Guid.CreateVersion7().ToString("N") },
                new() { Value = clock.GetUtcNow() }, new() { Value = command.Comment.Trim() }, new() { Value = caller.Login },
            },
        };
        var tasks = await cmd.ExecuteNonQueryAsync(ct);
        if (tasks > 0)
            outbox.Send(session, new Notify(NotificationRecipients.Unit(new OrgUnitId(unit.Id)), new("督办通知", "Supervision notice"),
                new($"“{directive.Title}”：{command.Comment.Trim()}（{tasks} 项未完成）", $"“{directive.Title}”: {command.Comment.Trim()} ({tasks} open)"),
                $"/grid-dispatch/directives/{directive.Id}", "grid-dispatch.manual"));
        await session.SaveChangesAsync(ct);
        return tasks;
    }
}

public sealed record SupervisionEntry(string Step, DateTimeOffset At, string Detail, string By);

/// <summary>Every supervision step taken on one task, in order.</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record GetSupervisionLog(Guid TaskId) : IRequest<IReadOnlyList<SupervisionEntry>>;

internal sealed class GetSupervisionLogHandler(IDocumentStore store, ICallerScope scope) : IRequestHandler<GetSupervisionLog, IReadOnlyList<SupervisionEntry>>
{
    public async Task<IReadOnlyList<SupervisionEntry>> Handle(GetSupervisionLog query, CancellationToken ct)
    {
        await using var connection = await TaskRows.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select l.step, l.at, l.detail, l.by_login from {DispatchTables.Tasks} t left join {DispatchTables.SupervisionLog} l on l.task_id = t.id
            where t.id = $1 and t.unit_path like $2 || '%' order by l.at, l.step
            """, connection) { Parameters = { new() { Value = query.TaskId }, new() { Value = await scope.CallerPathAsync(ct) } } };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var log = new List<SupervisionEntry>();
        var found = false; // a task outside the caller's subtree answers 404, like one that does not exist
        while (await reader.ReadAsync(ct))
        {
            found = true;
            if (!reader.IsDBNull(0))
                log.Add(new(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3)));
        }
        return found ? log : throw new NotFoundException("task", query.TaskId.ToString());
    }
}

internal static class SupervisionEndpoints
{
    public sealed record ManualBody(Guid UnitId, string? Comment);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/supervision/run", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new RunSupervision(), ct)))
            .RequirePermission(GridDispatchPermissions.Supervise).WithSummary("Take the supervision steps due now (also runs every minute)")
            .Produces<SupervisionRun>();
        routes.MapPost("/directives/{id:guid}/supervise", async (Guid id, ManualBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(new { tasks = await mediator.Send(new SuperviseManually(id, body.UnitId, body.Comment ?? ""), ct) }))
            .RequirePermission(GridDispatchPermissions.Supervise).WithSummary("Send a unit below a 督办 notice about a directive")
            .ProducesValidationProblem();
        routes.MapGet("/tasks/{id:guid}/supervision", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetSupervisionLog(id), ct)))
            .RequirePermission(GridDispatchPermissions.Read).WithSummary("The supervision steps taken on a task")
            .WithDescription(Paging.Whole("the four automatic steps and the notices sent by hand on one task"))
            .Produces<IReadOnlyList<SupervisionEntry>>();
    }
}
