using NetInfoSuite.Modules.NetizenRegistry.Profiles;

namespace NetInfoSuite.Modules.NetizenRegistry.GoodNetizens;

/// <summary>Makes a personality a typical good netizen (好网民典型) with their story and where it was published; giving
/// it again replaces the story.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record MarkTypical(Guid Id, string Story, DateOnly RecognisedOn, IReadOnlyList<Publication>? Publications) : ICommand<ProfileView>;

internal sealed class MarkTypicalValidator : AbstractValidator<MarkTypical>
{
    public MarkTypicalValidator()
    {
        RuleFor(x => x.Story).NotEmpty().MaximumLength(5000);
        RuleFor(x => x.Publications).Must(p => p is null || p.Count <= 20);
        RuleForEach(x => x.Publications).ChildRules(p =>
        {
            p.RuleFor(x => x.Platform).NotEmpty().MaximumLength(50);
            p.RuleFor(x => x.Url).NotEmpty().MaximumLength(1000).Must(Links.IsWeb)
                .WithMessage(_ => new LocalizedText("须为 http(s) 网址", "Must be an http(s) address").Current);
        });
    }
}

internal sealed class MarkTypicalHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope) : IRequestHandler<MarkTypical, ProfileView>
{
    public async Task<ProfileView> Handle(MarkTypical command, CancellationToken ct)
    {
        var profile = await session.LoadProfileForChange(store, scope, command.Id, ct);
        profile.Typical = new TypicalExample(command.Story.Trim(), command.RecognisedOn,
            (command.Publications ?? []).Select(p => new Publication(p.Platform.Trim(), p.Url.Trim())).ToList());
        session.Store(profile);
        await session.SaveChangesAsync(ct);
        return ProfileView.Of(profile);
    }
}

/// <summary>Records an honour a personality received (title, level, issuing body, date).</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record AddHonour(Guid Id, string Title, HonourLevel Level, string Issuer, DateOnly AwardedOn) : ICommand<ProfileView>;

internal sealed class AddHonourValidator : AbstractValidator<AddHonour>
{
    public AddHonourValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Level).IsInEnum();
        RuleFor(x => x.Issuer).NotEmpty().MaximumLength(100);
    }
}

internal sealed class AddHonourHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, IOfficeClock clock) : IRequestHandler<AddHonour, ProfileView>
{
    public async Task<ProfileView> Handle(AddHonour command, CancellationToken ct)
    {
        var profile = await session.LoadProfileForChange(store, scope, command.Id, ct);
        if (command.AwardedOn > clock.Today) throw new RuleViolationException("awardedOn", "授予日期不能晚于今天", "The date cannot be after today");
        if (profile.Honours.Any(h => h.Title == command.Title.Trim() && h.AwardedOn == command.AwardedOn))
            throw new RuleViolationException("title", "该荣誉已登记", "This honour is recorded already");
        profile.Honours.Add(new Honour(Guid.CreateVersion7(), command.Title.Trim(), command.Level, command.Issuer.Trim(), command.AwardedOn));
        session.Store(profile);
        await session.SaveChangesAsync(ct);
        return ProfileView.Of(profile);
    }
}

/// <summary>The good netizens of the caller's subtree: typical examples and everyone with an honour, typical first.</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record ListGoodNetizens : IRequest<IReadOnlyList<ProfileView>>;

internal sealed class ListGoodNetizensHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListGoodNetizens, IReadOnlyList<ProfileView>>
{
    public async Task<IReadOnlyList<ProfileView>> Handle(ListGoodNetizens query, CancellationToken ct)
    {
        var found = await (await session.QueryInScopeAsync<Profile>(scope, ct))
            .Where(p => p.AnonymisedAt == null && (p.Typical != null || p.Honours.Any())).Take(1000).ToListAsync(ct);
        return found.OrderByDescending(p => p.Typical is not null).ThenByDescending(p => p.Honours.Count).ThenBy(p => p.Alias)
            .Select(ProfileView.Of).ToList();
    }
}

internal sealed record TypicalBody(string Story, DateOnly RecognisedOn, IReadOnlyList<Publication>? Publications);
internal sealed record HonourBody(string Title, HonourLevel Level, string Issuer, DateOnly AwardedOn);

internal static class GoodNetizenEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPut("/profiles/{id:guid}/typical", async (Guid id, TypicalBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new MarkTypical(id, body.Story, body.RecognisedOn, body.Publications), ct)))
            .RequirePermission(NetizenRegistryPermissions.Manage)
            .WithSummary("Make the personality a typical good netizen, with the story and where it was published")
            .Produces<ProfileView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/profiles/{id:guid}/honours", async (Guid id, HonourBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new AddHonour(id, body.Title, body.Level, body.Issuer, body.AwardedOn), ct)))
            .RequirePermission(NetizenRegistryPermissions.Manage)
            .WithSummary("Record an honour (title, level, issuing body, date)")
            .Produces<ProfileView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGet("/good-netizens", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListGoodNetizens(), ct)))
            .RequirePermission(NetizenRegistryPermissions.Read)
            .WithSummary("Typical good netizens and honoured personalities of the caller's subtree")
            .Produces<IReadOnlyList<ProfileView>>();
    }
}
