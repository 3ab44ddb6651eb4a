using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Messaging;
using NetInfoSuite.Contracts.Notifications;
using NetInfoSuite.Modules.Inspection.Scoring;

namespace NetInfoSuite.Modules.Inspection.Bulletins;

public sealed record BulletinRow(Guid Id, string Title, string? Number, string Issuer, DateTimeOffset PublishedAt, string PublishedBy,
    IReadOnlyList<string> Recipients, DateOnly Deadline);

public sealed record PublishedBulletin(Guid Id, Guid Plan, BulletinText Text, IReadOnlyList<string> Recipients, DateOnly Deadline,
    DateTimeOffset PublishedAt, string PublishedBy, bool Own);

/// <summary>印发通报: the plan's bulletin as it reads today, sent to every target unit's inbox and kept as sent. A plan has one
/// bulletin (its id is the plan's), printed only once the results are published.</summary>
[RequiresPermission(InspectionPermissions.Publish)]
internal sealed record PublishBulletin(Guid Plan, string? Number, DateOnly? Deadline) : ICommand<Guid>;

/// <summary>The bulletins the caller's subtree published, and those published to a unit of it.</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
internal sealed record ListBulletins(int Page = 1, int PageSize = 50) : IRequest<Page<BulletinRow>>;

[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
internal sealed record GetPublishedBulletin(Guid Id) : IRequest<PublishedBulletin>;

internal sealed class PublishBulletinValidator : AbstractValidator<PublishBulletin>
{
    public PublishBulletinValidator() => RuleFor(x => x.Number).MaximumLength(50);
}

internal sealed class BulletinHandlers(IDocumentSession session, ICallerScope scope, ICaller caller, IOfficeClock clock, TimeProvider time,
    IMediator mediator, IOutbox outbox)
    : IRequestHandler<PublishBulletin, Guid>, IRequestHandler<ListBulletins, Page<BulletinRow>>, IRequestHandler<GetPublishedBulletin, PublishedBulletin>
{
    public async Task<Guid> Handle(PublishBulletin command, CancellationToken ct)
    {
        var plan = await session.LoadInScopeOrThrowAsync<Plan>(scope, command.Plan, "plan", ct);
        if (plan.Status != PlanStatus.Published)
            throw new RuleViolationException("plan", "考评结果发布后才能印发通报", "Publish the results before the bulletin");
        var today = clock.Today;
        var deadline = command.Deadline ?? today.AddDays(30);
        if (deadline <= today) throw new RuleViolationException("deadline", "整改期限须晚于今天", "The deadline must be after today");
        if (await session.LoadInScopeAsync<Bulletin>(scope, plan.Id, ct) is not null)
            throw new RuleViolationException("plan", "该方案的通报已印发", "The plan's bulletin is already published");
        var text = BulletinDocument.Compose(await mediator.Send(new GetBulletin(plan.Id), ct), Blank(command.Number), today, deadline);
        var recipients = plan.Groups.SelectMany(g => g.Units).DistinctBy(u => u.Id).ToList();
        var paths = await mediator.Send(new GetOrgPaths(recipients.Select(u => new OrgUnitId(u.Id)).ToList()), ct);
        var bulletin = new Bulletin
        {
            Id = plan.Id, Plan = plan.Id, Text = text, Recipients = recipients, Deadline = deadline, PublishedAt = time.GetUtcNow(),
            PublishedBy = caller.Login, UnitPath = plan.UnitPath,
            RecipientPaths = paths.Values.Select(OrgPaths.Of).ToList(),
        };
        // Insert, not store: of two publishers at once, the second fails on the id and tells no one.
        session.Insert(bulletin);
        foreach (var unit in recipients)
            outbox.Send(session, new Notify(NotificationRecipients.Unit(new OrgUnitId(unit.Id)), new LocalizedText($"考评结果通报：{text.Title}", $"Evaluation bulletin: {text.Title}"),
                new LocalizedText($"{text.Issuer}印发了《{text.Title}》。请查阅，存在问题的请于 {deadline:yyyy-MM-dd} 前书面报送整改情况。",
                    $"{text.Issuer} published '{text.Title}'. Read it; units with problems report their rectification in writing by {deadline:yyyy-MM-dd}."),
                $"/inspection/bulletins/{bulletin.Id}", "inspection-bulletin"));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Duplicate(e))
        {
            throw new RuleViolationException("plan", "该方案的通报已印发", "The plan's bulletin is already published");
        }
        return bulletin.Id;
    }

    public async Task<Page<BulletinRow>> Handle(ListBulletins query, CancellationToken ct)
    {
        var visible = await VisibleAsync(ct);
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        var names = await NamesAsync(visible.Select(b => b.Bulletin.PublishedBy), ct);
        return new Page<BulletinRow>(visible.OrderByDescending(b => b.Bulletin.PublishedAt).Skip((page - 1) * size).Take(size)
            .Select(b => new BulletinRow(b.Bulletin.Id, b.Bulletin.Text.Title, b.Bulletin.Text.Number, b.Bulletin.Text.Issuer, b.Bulletin.PublishedAt,
                names.GetValueOrDefault(b.Bulletin.PublishedBy, ""), b.Bulletin.Recipients.Select(u => u.Name).ToList(), b.Bulletin.Deadline)).ToList(),
            page, size, visible.Count);
    }

    public async Task<PublishedBulletin> Handle(GetPublishedBulletin query, CancellationToken ct)
    {
        var (b, own) = (await VisibleAsync(ct, query.Id)).SingleOrDefault() is { Bulletin: not null } found ? found
            : throw new NotFoundException("bulletin", query.Id.ToString());
        var names = await NamesAsync([b.PublishedBy], ct);
        return new PublishedBulletin(b.Id, b.Plan, b.Text, b.Recipients.Select(u => u.Name).ToList(), b.Deadline, b.PublishedAt,
            names.GetValueOrDefault(b.PublishedBy, ""), own);
    }

    /// <summary>Bulletins the caller's subtree published (own), and those published above it to one of its units.</summary>
    private async Task<List<(Bulletin Bulletin, bool Own)>> VisibleAsync(CancellationToken ct, Guid? id = null)
    {
        var query = await session.QueryInScopeOrAboveAsync<Bulletin>(scope, ct);
        if (id is { } one) query = query.Where(b => b.Id == one);
        var mine = await scope.CallerPathAsync(ct);
        var visible = new List<(Bulletin, bool)>();
        foreach (var b in await query.ToListAsync(ct))
        {
            var own = await scope.CoversAsync(b.UnitPath, ct);
            if (own || b.RecipientPaths.Any(p => p.StartsWith(mine, StringComparison.Ordinal))) visible.Add((b, own));
        }
        return visible;
    }

    private async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string> logins, CancellationToken ct)
    {
        var list = logins.Where(l => l.Length > 0).Distinct().ToList();
        return list.Count == 0 ? new Dictionary<string, string>() : await mediator.Send(new GetPeopleNames(list), ct);
    }

    // Marten reports an insert over an existing id as its own exception wrapping the unique violation.
    private static bool Duplicate(Exception e) =>
        e is Npgsql.PostgresException { SqlState: "23505" } || e.GetType().Name == "DocumentAlreadyExistsException" || e.InnerException is { } inner && Duplicate(inner);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

internal static class BulletinEndpoints
{
    public sealed record PublishBody(string? Number, DateOnly? Deadline);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/plans/{id:guid}/bulletin", async (Guid id, PublishBody? body, IMediator m, CancellationToken ct) =>
            {
                var bulletin = await m.Send(new PublishBulletin(id, body?.Number, body?.Deadline), ct);
                return Results.Created($"/api/inspection/bulletins/{bulletin}", await m.Send(new GetPublishedBulletin(bulletin), ct));
            })
            .RequirePermission(InspectionPermissions.Publish)
            .WithSummary("印发通报: the published results' bulletin, kept as it reads today and sent to every target unit's inbox (once per plan)")
            .Produces<PublishedBulletin>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapGet("/plans/{id:guid}/bulletin/docx", async (Guid id, IMediator m, IOfficeClock clock, CancellationToken ct) =>
            {
                var view = await m.Send(new GetBulletin(id), ct);
                var text = BulletinDocument.Compose(view, null, clock.Today, clock.Today.AddDays(30));
                return Results.File(BulletinDocument.Docx(text), NetInfoSuite.Ui.OfficialDocx.DocxType, $"{text.Title}（预览）.docx");
            })
            .RequirePermission(InspectionPermissions.Read).WithSummary("The bulletin as it would read today, as a Word document (preview)");
        routes.MapGet("/bulletins", async (int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ListBulletins(page ?? 1, pageSize ?? 50), ct)))
            .RequirePermission(RequiresPermissionAttribute.AnyUser)
            .WithSummary("Bulletins published by the caller's subtree or to one of its units, latest first: when, by whom, to whom").Produces<Page<BulletinRow>>();
        routes.MapGet("/bulletins/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetPublishedBulletin(id), ct)))
            .RequirePermission(RequiresPermissionAttribute.AnyUser).WithSummary("A published bulletin as it was sent").Produces<PublishedBulletin>();
        routes.MapGet("/bulletins/{id:guid}/docx", async (Guid id, IMediator m, CancellationToken ct) =>
            {
                var bulletin = await m.Send(new GetPublishedBulletin(id), ct);
                return Results.File(BulletinDocument.Docx(bulletin.Text), NetInfoSuite.Ui.OfficialDocx.DocxType, $"{bulletin.Text.Title}.docx");
            })
            .RequirePermission(RequiresPermissionAttribute.AnyUser).WithSummary("A published bulletin as a Word document");
    }
}
