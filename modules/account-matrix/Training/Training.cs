namespace NetInfoSuite.Modules.AccountMatrix.Training;

public sealed record Attendee(string Name, Guid UnitId);

/// <summary>业务培训: a session for the matrix's editors and operators, and who attended from which unit.</summary>
internal sealed class TrainingSession : IOrgScoped
{
    public Guid Id { get; set; }
    public DateOnly Date { get; set; }
    public string Topic { get; set; } = "";
    public string Trainer { get; set; } = "";
    public List<Attendee> Attendees { get; set; } = [];
    public string UnitPath { get; set; } = "";
}

[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record RecordTraining(DateOnly Date, string Topic, string Trainer, IReadOnlyList<Attendee> Attendees) : ICommand<Guid>;

internal sealed class RecordTrainingValidator : AbstractValidator<RecordTraining>
{
    public RecordTrainingValidator()
    {
        RuleFor(x => x.Topic).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Trainer).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Attendees).NotEmpty().Must(a => a.Count <= 2_000);
        RuleForEach(x => x.Attendees).ChildRules(a => a.RuleFor(x => x.Name).NotEmpty().MaximumLength(50));
    }
}

public sealed record UnitAttendance(Guid UnitId, int Sessions, int Attendees);

/// <summary>Attendance per unit over a period: how many sessions each unit attended and with how many people.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetTrainingAttendance(DateOnly From, DateOnly To) : IRequest<IReadOnlyList<UnitAttendance>>;

public sealed record TrainingView(Guid Id, DateOnly Date, string Topic, string Trainer, int Attendees);

/// <summary>The sessions the caller's unit and those below recorded, latest first.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ListTraining : IRequest<IReadOnlyList<TrainingView>>;

internal sealed class TrainingHandlers(IDocumentSession session, ICallerScope scope)
    : IRequestHandler<RecordTraining, Guid>, IRequestHandler<GetTrainingAttendance, IReadOnlyList<UnitAttendance>>, IRequestHandler<ListTraining, IReadOnlyList<TrainingView>>
{
    public async Task<IReadOnlyList<TrainingView>> Handle(ListTraining query, CancellationToken ct)
    {
        return (await (await session.QueryInScopeAsync<TrainingSession>(scope, ct)).OrderByDescending(t => t.Date).Take(500).ToListAsync(ct))
            .Select(t => new TrainingView(t.Id, t.Date, t.Topic, t.Trainer, t.Attendees.Count)).ToList();
    }

    public async Task<Guid> Handle(RecordTraining command, CancellationToken ct)
    {
        foreach (var unit in command.Attendees.Select(a => a.UnitId).Distinct())
            if (await scope.PlaceOfAsync(unit, ct) is not { } place || !await scope.CoversAsync(place.Path, ct))
                throw new RuleViolationException("attendees", "参训人员的单位不存在或不在本单位范围内", "An attendee's unit does not exist or is outside your unit");
        var training = new TrainingSession
        {
            Id = Guid.CreateVersion7(), Date = command.Date, Topic = command.Topic.Trim(), Trainer = command.Trainer.Trim(),
            Attendees = command.Attendees.ToList(), UnitPath = await scope.CallerPathAsync(ct),
        };
        session.Store(training);
        await session.SaveChangesAsync(ct);
        return training.Id;
    }

    public async Task<IReadOnlyList<UnitAttendance>> Handle(GetTrainingAttendance query, CancellationToken ct)
    {
        var sessions = await (await session.QueryInScopeAsync<TrainingSession>(scope, ct)).Where(t => t.Date >= query.From && t.Date <= query.To).ToListAsync(ct);
        return sessions.SelectMany(s => s.Attendees.Select(a => (Session: s.Id, a.UnitId)))
            .GroupBy(x => x.UnitId)
            .Select(g => new UnitAttendance(g.Key, g.Select(x => x.Session).Distinct().Count(), g.Count()))
            .OrderByDescending(u => u.Attendees).ToList();
    }
}

internal static class TrainingEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/training", async (RecordTraining command, IMediator m, CancellationToken ct) => Results.Ok(new { id = await m.Send(command, ct) }))
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Record a training session (业务培训) and its attendees").ProducesValidationProblem();
        routes.MapGet("/training", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListTraining(), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("Training sessions, latest first").Produces<IReadOnlyList<TrainingView>>();
        routes.MapGet("/training/attendance", async (DateOnly from, DateOnly to, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new GetTrainingAttendance(from, to), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("Training attendance per unit over a period");
    }
}
