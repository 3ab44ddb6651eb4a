using NetInfoSuite.Contracts.Compliance;

namespace NetInfoSuite.Modules.Inspection.Tours;

public sealed record TourRow(Guid Id, string Name, DateOnly From, DateOnly To, string Lead, int Targets, int Findings, int Open);

public sealed record FindingView(Guid Id, string Problem, CaseSeverity Severity, Guid Unit, string UnitName, string? Evidence, DateOnly Deadline,
    Guid? Case, Guid? Notice, string? NoticeNumber, bool Rectified, bool Overdue, DateTimeOffset? RectifiedAt, string? RectifiedNote, DateTimeOffset At);

public sealed record TourView(Guid Id, string Name, DateOnly From, DateOnly To, string Lead, IReadOnlyList<string> Members, IReadOnlyList<TargetUnit> Targets,
    IReadOnlyList<string> KeyPoints, IReadOnlyList<Visit> Visits, IReadOnlyList<FindingView> Findings, string OwnerName);

/// <summary>A tour of the caller's unit: its team, targets (units of the caller's subtree) and key points.</summary>
[RequiresPermission(InspectionPermissions.Tours)]
internal sealed record CreateTour(string Name, DateOnly From, DateOnly To, string Lead, IReadOnlyList<string> Members, IReadOnlyList<Guid> Targets,
    IReadOnlyList<string> KeyPoints) : ICommand<Guid>;

[RequiresPermission(InspectionPermissions.Read)]
internal sealed record ListTours(int Page = 1, int PageSize = 50) : IRequest<Page<TourRow>>;

[RequiresPermission(InspectionPermissions.Read)]
internal sealed record GetTour(Guid Id) : IRequest<TourView>;

[RequiresPermission(InspectionPermissions.Tours)]
internal sealed record RecordVisit(Guid Id, DateOnly Date, string Place, string PeopleMet, string? Note) : ICommand<TourView>;

/// <summary>A problem found at one of the tour's targets. With compliance on for the tenant it opens a review case there
/// (source: inspection) and issues a rectification notice for it to the responsible unit, due by the deadline; otherwise
/// it is the module's own rectification item, due by the deadline.</summary>
[RequiresPermission(InspectionPermissions.Tours)]
internal sealed record RecordFinding(Guid Id, string Problem, CaseSeverity Severity, Guid Unit, string? Evidence, DateOnly Deadline) : ICommand<TourView>;

/// <summary>整改完成: closes a finding the module tracks itself (one that became a compliance case closes there).</summary>
[RequiresPermission(InspectionPermissions.Tours)]
internal sealed record CloseFinding(Guid Id, Guid Finding, string Note) : ICommand<TourView>;

internal sealed class CreateTourValidator : AbstractValidator<CreateTour>
{
    public CreateTourValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Lead).NotEmpty().MaximumLength(50);
        RuleFor(x => x.Members).Must(m => m.Count <= 50);
        RuleForEach(x => x.Members).NotEmpty().MaximumLength(50);
        RuleFor(x => x.Targets).NotEmpty().Must(t => t.Count <= 200);
        RuleFor(x => x.KeyPoints).Must(k => k.Count <= 50);
        RuleForEach(x => x.KeyPoints).NotEmpty().MaximumLength(500);
        RuleFor(x => x.From).InclusiveBetween(new DateOnly(1900, 1, 1), new DateOnly(2199, 12, 31));
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).LessThanOrEqualTo(new DateOnly(2199, 12, 31));
    }
}

internal sealed class RecordVisitValidator : AbstractValidator<RecordVisit>
{
    public RecordVisitValidator()
    {
        RuleFor(x => x.Date).InclusiveBetween(new DateOnly(1900, 1, 1), new DateOnly(2199, 12, 31));
        RuleFor(x => x.Place).NotEmpty().MaximumLength(200);
        RuleFor(x => x.PeopleMet).NotEmpty().MaximumLength(500);
        RuleFor(x => x.Note).MaximumLength(2_000);
    }
}

internal sealed class RecordFindingValidator : AbstractValidator<RecordFinding>
{
    public RecordFindingValidator()
    {
        RuleFor(x => x.Problem).NotEmpty().MaximumLength(5_000);
        RuleFor(x => x.Severity).IsInEnum();
        RuleFor(x => x.Unit).NotEmpty();
        RuleFor(x => x.Deadline).InclusiveBetween(new DateOnly(1900, 1, 1), new DateOnly(2199, 12, 31));
        RuleFor(x => x.Evidence).MaximumLength(2_000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            .When(x => !string.IsNullOrWhiteSpace(x.Evidence))
            .WithMessage(_ => new LocalizedText("证据链接须为 http(s) 网址", "The evidence link must be an http(s) address").Current);
    }
}

internal sealed class CloseFindingValidator : AbstractValidator<CloseFinding>
{
    public CloseFindingValidator() => RuleFor(x => x.Note).NotEmpty().MaximumLength(2_000);
}

internal sealed class TourHandlers(IDocumentStore store, IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time, IOfficeClock clock,
    IMediator mediator)
    : IRequestHandler<CreateTour, Guid>, IRequestHandler<ListTours, Page<TourRow>>, IRequestHandler<GetTour, TourView>,
      IRequestHandler<RecordVisit, TourView>, IRequestHandler<RecordFinding, TourView>, IRequestHandler<CloseFinding, TourView>
{
    public async Task<Guid> Handle(CreateTour command, CancellationToken ct)
    {
        var owner = caller.OrgUnit is { } unit ? await scope.PlaceOfAsync(unit.Value, ct) : null;
        if (owner is null) throw new RuleViolationException("owner", "系统账号不能组织巡察", "The system cannot run a tour");
        var targets = new List<TargetUnit>();
        foreach (var id in command.Targets.Distinct())
        {
            var place = await scope.PlaceOfAsync(id, ct);
            if (place is null || !place.Unit.Active || !await scope.CoversAsync(place.Path, ct))
                throw new RuleViolationException("targets", "所选单位不存在、已停用或不在本单位范围内", "A unit does not exist, is inactive or is outside your part of the tree");
            targets.Add(new TargetUnit { Id = place.Id, Name = place.Name });
        }
        var tour = new Tour
        {
            Id = Guid.CreateVersion7(), Name = command.Name.Trim(), From = command.From, To = command.To, Lead = command.Lead.Trim(),
            Members = command.Members.Select(m => m.Trim()).ToList(), Targets = targets, KeyPoints = command.KeyPoints.Select(k => k.Trim()).ToList(),
            Owner = owner.Id, OwnerName = owner.Name, UnitPath = owner.Path, CreatedBy = caller.Login, CreatedAt = time.GetUtcNow(),
        };
        session.Store(tour);
        await session.SaveChangesAsync(ct);
        return tour.Id;
    }

    public async Task<Page<TourRow>> Handle(ListTours query, CancellationToken ct)
    {
        var tours = await session.QueryInScopeAsync<Tour>(scope, ct);
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        var total = await tours.CountAsync(ct);
        var items = await tours.OrderByDescending(t => t.From).ThenByDescending(t => t.CreatedAt).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<TourRow>(items.Select(t => new TourRow(t.Id, t.Name, t.From, t.To, t.Lead, t.Targets.Count, t.Findings.Count,
            t.Findings.Count(f => f.Case is null && f.RectifiedAt is null))).ToList(), page, size, total);
    }

    public async Task<TourView> Handle(GetTour query, CancellationToken ct) => View(await LoadAsync(query.Id, ct));

    public async Task<TourView> Handle(RecordVisit command, CancellationToken ct)
    {
        var tour = await LoadForChangeAsync(command.Id, ct);
        tour.Visits.Add(new Visit
        {
            Id = Guid.CreateVersion7(), Date = command.Date, Place = command.Place.Trim(), PeopleMet = command.PeopleMet.Trim(),
            Note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(),
        });
        return await SaveAsync(tour, ct);
    }

    public async Task<TourView> Handle(RecordFinding command, CancellationToken ct)
    {
        var tour = await LoadAsync(command.Id, ct);
        var target = tour.Targets.FirstOrDefault(t => t.Id == command.Unit)
            ?? throw new RuleViolationException("unit", "责任单位须为本次巡察的对象", "The responsible unit must be one of the tour's targets");
        var finding = new Finding
        {
            Id = Guid.CreateVersion7(), Problem = command.Problem.Trim(), Severity = command.Severity, Unit = target.Id, UnitName = target.Name,
            Evidence = string.IsNullOrWhiteSpace(command.Evidence) ? null : command.Evidence.Trim(), Deadline = command.Deadline, By = caller.Login,
            At = time.GetUtcNow(),
        };
        if (command.Deadline < clock.Today)
            throw new RuleViolationException("deadline", "整改期限不能早于今天", "The deadline cannot be before today");
        // Compliance opens (and commits) its case first, keyed by the finding: asked again, it answers the same case.
        try
        {
            finding.Case = await mediator.Send(new OpenReviewCase(new OrgUnitId(target.Id), CaseSubjectKind.Unit, target.Name, CaseSource.Inspection,
                command.Severity, $"{tour.Name}：{finding.Problem}")
            {
                EvidenceUrl = finding.Evidence, SourceModule = "inspection", SourceKey = $"finding:{finding.Id}",
            }, ct);
        }
        catch (Exception e) when (e is ModuleUnavailableException or ForbiddenException)
        {
            finding.Case = null; // compliance is not there for this tenant (or this caller): the module tracks it itself
        }
        if (finding.Case is { } opened)
        {
            // Then the rectification notice for that case, numbered by compliance, which tracks it to closure.
            try
            {
                var notice = await mediator.Send(new IssueRectificationNotice(new OrgUnitId(target.Id), target.Name, $"{tour.Name}发现：{finding.Problem}",
                    $"请对照巡察发现的问题认真整改，于{command.Deadline:yyyy年M月d日}前报送整改报告。", command.Deadline, [opened]), ct);
                (finding.Notice, finding.NoticeNumber) = (notice.Id, notice.Number);
            }
            catch (ForbiddenException)
            {
                // A caller who may open cases but not issue notices: the case waits for a compliance officer's notice.
            }
        }
        // Only now the lock: compliance shares this session (both modules keep shared data), so its commits above would end
        // a transaction begun before them. Read again under the lock, the tour holds the findings added meanwhile.
        tour = await LoadForChangeAsync(command.Id, ct);
        tour.Findings.Add(finding);
        return await SaveAsync(tour, ct);
    }

    public async Task<TourView> Handle(CloseFinding command, CancellationToken ct)
    {
        var tour = await LoadForChangeAsync(command.Id, ct);
        var finding = tour.Findings.FirstOrDefault(f => f.Id == command.Finding) ?? throw new NotFoundException("finding", command.Finding.ToString());
        if (finding.Case is not null)
            throw new RuleViolationException("finding", "该问题已转为合规整改案件，请在案件中办理", "The finding became a compliance case: handle it there");
        if (finding.RectifiedAt is not null) throw new RuleViolationException("finding", "该问题已整改完成", "The finding is already rectified");
        (finding.RectifiedAt, finding.RectifiedNote) = (time.GetUtcNow(), command.Note.Trim());
        return await SaveAsync(tour, ct);
    }

    private Task<Tour> LoadAsync(Guid id, CancellationToken ct) => session.LoadInScopeOrThrowAsync<Tour>(scope, id, "tour", ct);

    /// <summary>The tour read after locking its row until this command commits. A team adds visits and findings to one tour at
    /// the same moment: each waits for the one before and adds to what it stored. The version check alone refused all but one
    /// (409), and a refused finding had already opened its compliance case and notice.</summary>
    private async Task<Tour> LoadForChangeAsync(Guid id, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using (var lockRow = new Npgsql.NpgsqlCommand(
                         $"select 1 from {store.Options.FindOrResolveDocumentType(typeof(Tour)).TableName.QualifiedName} where id = $1 for update",
                         session.Connection) { Parameters = { new() { Value = id } } })
            await lockRow.ExecuteNonQueryAsync(ct);
        return await LoadAsync(id, ct);
    }

    private async Task<TourView> SaveAsync(Tour tour, CancellationToken ct)
    {
        session.Store(tour);
        await session.SaveChangesAsync(ct);
        return View(tour);
    }

    private TourView View(Tour t) => new(t.Id, t.Name, t.From, t.To, t.Lead, t.Members, t.Targets, t.KeyPoints, t.Visits.OrderBy(v => v.Date).ToList(),
        t.Findings.Select(f => new FindingView(f.Id, f.Problem, f.Severity, f.Unit, f.UnitName, f.Evidence, f.Deadline, f.Case, f.Notice, f.NoticeNumber, f.RectifiedAt is not null,
            f.Case is null && f.RectifiedAt is null && f.Deadline < clock.Today, f.RectifiedAt, f.RectifiedNote, f.At)).ToList(), t.OwnerName);
}

internal static class TourEndpoints
{
    public sealed record CreateBody(string? Name, DateOnly? From, DateOnly? To, string? Lead, IReadOnlyList<string>? Members, IReadOnlyList<Guid>? Targets,
        IReadOnlyList<string>? KeyPoints);
    public sealed record VisitBody(DateOnly? Date, string? Place, string? PeopleMet, string? Note);
    public sealed record FindingBody(string? Problem, CaseSeverity? Severity, Guid? Unit, string? Evidence, DateOnly? Deadline);
    public sealed record CloseBody(string? Note);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/tours", async (CreateBody body, IMediator m, CancellationToken ct) =>
            {
                var id = await m.Send(new CreateTour(body.Name ?? "", body.From ?? default, body.To ?? default, body.Lead ?? "", body.Members ?? [],
                    body.Targets ?? [], body.KeyPoints ?? []), ct);
                return Results.Created($"/api/inspection/tours/{id}", await m.Send(new GetTour(id), ct));
            })
            .RequirePermission(InspectionPermissions.Tours).WithSummary("A tour (巡察) of the caller's unit: team, targets and key points")
            .Produces<TourView>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapGet("/tours", async (int? page, int? pageSize, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListTours(page ?? 1, pageSize ?? 50), ct)))
            .RequirePermission(InspectionPermissions.Read).WithSummary("The caller's tours, latest first. Paged").Produces<Page<TourRow>>();
        routes.MapGet("/tours/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetTour(id), ct)))
            .RequirePermission(InspectionPermissions.Read).WithSummary("A tour with its visits and findings").Produces<TourView>();
        routes.MapPost("/tours/{id:guid}/visits", async (Guid id, VisitBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RecordVisit(id, body.Date ?? default, body.Place ?? "", body.PeopleMet ?? "", body.Note), ct)))
            .RequirePermission(InspectionPermissions.Tours).WithSummary("Record a visit: date, place, people met").Produces<TourView>().ProducesValidationProblem();
        routes.MapPost("/tours/{id:guid}/findings", async (Guid id, FindingBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RecordFinding(id, body.Problem ?? "", body.Severity ?? CaseSeverity.Minor, body.Unit ?? Guid.Empty, body.Evidence,
                    body.Deadline ?? default), ct)))
            .RequirePermission(InspectionPermissions.Tours)
            .WithSummary("Record a problem found at a target: a compliance review case when compliance is on, else the module's own rectification item")
            .Produces<TourView>().ProducesValidationProblem();
        routes.MapPost("/tours/{id:guid}/findings/{finding:guid}/close", async (Guid id, Guid finding, CloseBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new CloseFinding(id, finding, body.Note ?? ""), ct)))
            .RequirePermission(InspectionPermissions.Tours).WithSummary("整改完成: close a finding the module tracks itself").Produces<TourView>().ProducesValidationProblem();
        routes.MapPost("/tours/remind-overdue", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new RemindOverdueFindings(), ct)))
            .RequirePermission(InspectionPermissions.Tours)
            .WithSummary("Tell now, once each, the overdue findings the module tracks itself in the caller's subtree (the host does it every minute)")
            .Produces<ReminderRun>();
    }
}
