namespace NetInfoSuite.Modules.GridDispatch.Feedback;

/// <summary>The operator's own tasks: those of the groups they run, once released to them; open ones first (most urgent,
/// then soonest due), then reported ones (latest first), a page at a time.</summary>
[RequiresPermission(GridDispatchPermissions.Operate)]
internal sealed record MyTasks(bool OpenOnly, int Page = 1, int PageSize = MyTasks.DefaultPageSize) : IRequest<Page<TaskView>>
{
    public const int DefaultPageSize = 50, MaxPageSize = 200;
}

internal sealed class MyTasksValidator : AbstractValidator<MyTasks>
{
    public MyTasksValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, MyTasks.MaxPageSize);
    }
}

internal sealed class MyTasksHandler(IDocumentStore store, IQuerySession session, ICaller caller) : IRequestHandler<MyTasks, Page<TaskView>>
{
    public async Task<Page<TaskView>> Handle(MyTasks query, CancellationToken ct)
    {
        var where = $"t.operators @> array[$1::text] and t.released_at is not null {(query.OpenOnly ? "and t.status = 0" : "")}";
        await using var connection = await TaskRows.OpenAsync(store, ct);
        var total = await TaskRows.CountAsync(connection, where, ct, caller.Login);
        // Open work first, the most urgent and the soonest due at the top; then what was reported, the latest first. The
        // id breaks ties, so that pages neither repeat nor skip tasks of one deadline.
        var tasks = await TaskRows.QueryAsync(connection, $"""
            {where} order by t.status <> 0, case when t.status = 0 then t.urgency end desc, case when t.status = 0 then t.deadline end,
                coalesce(t.reported_at, t.deadline) desc, t.id offset $2 limit $3
            """,
            ct, caller.Login, (query.Page - 1) * query.PageSize, query.PageSize);
        var titles = (await session.LoadManyAsync<Directive>(ct, tasks.Select(t => t.DirectiveId).Distinct()))
            .ToDictionary(d => d.Id, d => d.Title);
        return new Page<TaskView>(tasks.Select(t => t with { DirectiveTitle = titles.GetValueOrDefault(t.DirectiveId) }).ToList(),
            query.Page, query.PageSize, total);
    }
}

internal static class FeedbackEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/tasks/mine", async (bool? openOnly, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new MyTasks(openOnly ?? false, page ?? 1, pageSize ?? MyTasks.DefaultPageSize), ct)))
            .RequirePermission(GridDispatchPermissions.Operate).WithSummary("The operator's own tasks, open ones first")
            .WithDescription(Paging.Describe(MyTasks.DefaultPageSize, MyTasks.MaxPageSize))
            .Produces<Page<TaskView>>().ProducesValidationProblem();
        routes.MapPost("/tasks/{id:guid}/feedback", async (Guid id, FeedbackBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ReportFeedback(id, body.ClientKey ?? "", body.Unable, body.DoneAt, body.Reached,
                    body.EvidenceLink, body.Note, body.UnableReason) { Also = body.Also }, ct)))
            .RequirePermission(GridDispatchPermissions.Operate)
            .WithSummary("Report a task done (or unable); the same clientKey again changes nothing")
            .Produces<TaskView>().ProducesValidationProblem();
        routes.MapPost("/tasks/{id:guid}/evidence", async (Guid id, IFormFile? file, IMediator mediator, CancellationToken ct) =>
            {
                if (file is null || file.Length == 0) throw new RuleViolationException("file", "请选择截图", "Choose a screenshot");
                if (file.Length > AttachEvidence.MaxBytes) throw new RuleViolationException("file", "截图不能超过 2 MB", "The screenshot must not exceed 2 MB");
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                return Results.Ok(await mediator.Send(new AttachEvidence(id, buffer.ToArray()), ct));
            })
            .RequirePermission(GridDispatchPermissions.Operate).WithSummary("Attach a screenshot (PNG, JPEG or WebP, up to 2 MB)")
            .Produces<EvidenceInfo>().ProducesValidationProblem().DisableAntiforgery();
    }

    public sealed record FeedbackBody(string? ClientKey, bool Unable, DateTimeOffset? DoneAt, int? Reached, string? EvidenceLink,
        string? Note, string? UnableReason, IReadOnlyList<AlsoReported>? Also = null);
}

/// <summary>One of the operator's tasks with its directive (text, links, attachments), and the operator's other open
/// groups of the same directive (one report may cover them too), for the feedback page.</summary>
[RequiresPermission(GridDispatchPermissions.Operate)]
internal sealed record GetMyTask(Guid Id) : IRequest<MyTask>;

internal sealed record MyTask(TaskView Task, string Body, IReadOnlyList<string> Links, IReadOnlyList<string> Attachments, IReadOnlyList<TaskView> Siblings);

internal sealed class GetMyTaskHandler(IDocumentStore store, IQuerySession session, ICaller caller) : IRequestHandler<GetMyTask, MyTask>
{
    public async Task<MyTask> Handle(GetMyTask query, CancellationToken ct)
    {
        await using var connection = await TaskRows.OpenAsync(store, ct);
        var task = (await TaskRows.QueryAsync(connection, "t.id = $1 and $2 = any(t.operators) and t.released_at is not null", ct, query.Id, caller.Login))
            .SingleOrDefault() ?? throw new NotFoundException("task", query.Id.ToString());
        var siblings = (await TaskRows.QueryAsync(connection,
                "t.directive_id = $1 and t.id <> $2 and $3 = any(t.operators) and t.released_at is not null and t.status = 0", ct,
                task.DirectiveId, task.Id, caller.Login)).OrderBy(t => t.GroupName, StringComparer.Ordinal).ToList();
        var directive = await session.LoadAsync<Directive>(task.DirectiveId, ct);
        return new MyTask(task with { DirectiveTitle = directive?.Title }, directive?.Body ?? "", directive?.Links ?? [], directive?.Attachments ?? [], siblings);
    }
}
