namespace NetInfoSuite.Modules.NetizenRegistry.Interactions;

public sealed record InteractionView(Guid Id, InteractionKind Kind, DateOnly On, IReadOnlyList<Guid> Profiles, string Staff, string Summary);

/// <summary>Records a contact with personalities (座谈会, a visit, a contact-point activity, online contact): the date,
/// the personalities (of the caller's subtree), the staff present and a summary. Kept at the caller's unit.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record RecordInteraction(InteractionKind Kind, DateOnly On, IReadOnlyList<Guid> Profiles, string? Staff, string Summary)
    : ICommand<InteractionView>;

internal sealed class RecordInteractionValidator : AbstractValidator<RecordInteraction>
{
    public RecordInteractionValidator()
    {
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.Profiles).NotEmpty().Must(p => p.Count <= 200);
        RuleFor(x => x.Staff).MaximumLength(200);
        RuleFor(x => x.Summary).NotEmpty().MaximumLength(5000);
    }
}

internal sealed class RecordInteractionHandler(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time, IOfficeClock clock)
    : IRequestHandler<RecordInteraction, InteractionView>
{
    public async Task<InteractionView> Handle(RecordInteraction command, CancellationToken ct)
    {
        if (command.On > clock.Today) throw new RuleViolationException("on", "日期不能晚于今天", "The date cannot be after today");
        var ids = command.Profiles.Distinct().ToList();
        var found = await session.LoadManyInScopeAsync<Profile>(scope, ids, ct);
        if (found.Count != ids.Count || found.Any(p => p.AnonymisedAt is not null))
            throw new RuleViolationException("profiles", "有网络人士不存在或不在本单位范围内", "A personality does not exist or is outside your unit");
        var interaction = new Interaction
        {
            Id = Guid.CreateVersion7(), UnitPath = await scope.CallerPathAsync(ct), Kind = command.Kind, On = command.On, Profiles = ids,
            Staff = command.Staff?.Trim() ?? "", Summary = command.Summary.Trim(), RecordedBy = caller.Login, RecordedAt = time.GetUtcNow(),
        };
        session.Store(interaction);
        await session.SaveChangesAsync(ct);
        return View(interaction);
    }

    internal static InteractionView View(Interaction i) => new(i.Id, i.Kind, i.On, i.Profiles, i.Staff, i.Summary);
}

/// <summary>The interactions of the caller's subtree with one personality, newest first.</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record ListInteractions(Guid ProfileId) : IRequest<IReadOnlyList<InteractionView>>;

internal sealed class ListInteractionsHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListInteractions, IReadOnlyList<InteractionView>>
{
    public async Task<IReadOnlyList<InteractionView>> Handle(ListInteractions query, CancellationToken ct)
    {
        await session.LoadInScopeOrThrowAsync<Profile>(scope, query.ProfileId, "profile", ct);
        var found = await (await session.QueryInScopeAsync<Interaction>(scope, ct)).Where(i => i.Profiles.Contains(query.ProfileId))
            .OrderByDescending(i => i.On).Take(500).ToListAsync(ct);
        return found.Select(RecordInteractionHandler.View).ToList();
    }
}

internal static class InteractionEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/interactions", async (RecordInteraction command, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(command, ct)))
            .RequirePermission(NetizenRegistryPermissions.Manage)
            .WithSummary("Record a forum, visit, contact-point activity or online contact with personalities")
            .Produces<InteractionView>().ProducesValidationProblem();
        routes.MapGet("/profiles/{id:guid}/interactions", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListInteractions(id), ct)))
            .RequirePermission(NetizenRegistryPermissions.Read)
            .WithSummary("The interaction log of one personality, newest first")
            .Produces<IReadOnlyList<InteractionView>>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
