namespace NetInfoSuite.Modules.NetizenRegistry.Profiles;

/// <summary>The personalities of the caller's subtree, most followed first; optionally one field or tier, or those whose
/// alias or platform handle contains a text.</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record ListProfiles(NetizenField? Field, InfluenceTier? Tier, string? Search, int Page, int PageSize) : IRequest<Page<ProfileView>>;

internal sealed class ListProfilesValidator : AbstractValidator<ListProfiles>
{
    public ListProfilesValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 500);
        RuleFor(x => x.Search).MaximumLength(100);
    }
}

internal sealed class ListProfilesHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListProfiles, Page<ProfileView>>
{
    public async Task<Page<ProfileView>> Handle(ListProfiles query, CancellationToken ct)
    {
        var profiles = await session.QueryInScopeAsync<Profile>(scope, ct);
        if (query.Field is { } field) profiles = profiles.Where(p => p.Field == field);
        if (query.Tier is { } tier) profiles = profiles.Where(p => p.Tier == tier);
        if (query.Search?.Trim() is { Length: > 0 } text)
            profiles = profiles.Where(p => p.Alias.Contains(text) || p.Platforms.Any(x => x.Handle.Contains(text)));
        var total = await profiles.CountAsync(ct);
        var page = await profiles.OrderByDescending(p => p.Tier).ThenBy(p => p.Alias)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new Page<ProfileView>(page.Select(ProfileView.Of).ToList(), query.Page, query.PageSize, total);
    }
}

/// <summary>One personality of the caller's subtree.</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record GetProfile(Guid Id) : IRequest<ProfileView>;

internal sealed class GetProfileHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<GetProfile, ProfileView>
{
    public async Task<ProfileView> Handle(GetProfile query, CancellationToken ct) =>
        ProfileView.Of(await session.LoadInScopeOrThrowAsync<Profile>(scope, query.Id, "profile", ct));
}

internal sealed record FollowersBody(NetizenPlatform Platform, string Handle, long Followers);

internal static class ProfileEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/profiles", async (RegisterProfile command, IMediator mediator, CancellationToken ct) =>
            {
                var profile = await mediator.Send(command, ct);
                return Results.Created($"/api/netizen-registry/profiles/{profile.Id}", profile);
            })
            .RequirePermission(NetizenRegistryPermissions.Manage)
            .WithSummary("Register an online personality for a unit of the caller's subtree")
            .Produces<ProfileView>(StatusCodes.Status201Created).ProducesValidationProblem();

        routes.MapPut("/profiles/{id:guid}", async (Guid id, EditProfileBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new EditProfile(id, body.Alias, body.Field, body.UnitId, body.Consent, body.ConsentOn, body.Tags, body.Contact), ct)))
            .RequirePermission(NetizenRegistryPermissions.Manage)
            .WithSummary("Correct a profile (alias, field, unit, notice and consent, tags) and, when given, its personal data")
            .Produces<ProfileView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGet("/profiles", async (NetizenField? field, InfluenceTier? tier, string? search, int? page, int? pageSize, IMediator mediator,
                CancellationToken ct) => Results.Ok(await mediator.Send(new ListProfiles(field, tier, search, page ?? 1, pageSize ?? 50), ct)))
            .RequirePermission(NetizenRegistryPermissions.Read)
            .WithSummary("The personalities of the caller's subtree, most influential first")
            .Produces<Page<ProfileView>>().ProducesValidationProblem();

        routes.MapGet("/profiles/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetProfile(id), ct)))
            .RequirePermission(NetizenRegistryPermissions.Read)
            .WithSummary("One personality")
            .Produces<ProfileView>().ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPut("/profiles/{id:guid}/followers", async (Guid id, FollowersBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new RecordFollowers(id, body.Platform, body.Handle, body.Followers), ct)))
            .RequirePermission(NetizenRegistryPermissions.Manage)
            .WithSummary("Record today's follower count of one of the personality's platforms (the tier follows)")
            .Produces<ProfileView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
