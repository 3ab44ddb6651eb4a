using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.GridDispatch.Groups;

public sealed record GroupView(Guid Id, string Name, GroupKind Kind, GroupPlatform Platform, Guid OrgUnitId,
    IReadOnlyList<GroupOperator> Operators, int MemberCount, bool Active);

[RequiresPermission(GridDispatchPermissions.ManageGroups)]
internal sealed record CreateGridGroup(string Name, GroupKind Kind, GroupPlatform Platform, Guid OrgUnitId,
    IReadOnlyList<GroupOperator> Operators, int MemberCount) : ICommand<GroupView>, IGroupFields;

/// <summary>What a new and a changed group both carry, checked by one set of rules.</summary>
internal interface IGroupFields
{
    string Name { get; }
    GroupKind Kind { get; }
    GroupPlatform Platform { get; }
    Guid OrgUnitId { get; }
    IReadOnlyList<GroupOperator> Operators { get; }
    int MemberCount { get; }
}


internal sealed class CreateGridGroupValidator : AbstractValidator<CreateGridGroup>
{
    public CreateGridGroupValidator() => Include(new GroupFieldsValidator());
}

internal sealed class GroupFieldsValidator : AbstractValidator<IGroupFields>
{
    public GroupFieldsValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.Platform).IsInEnum();
        RuleFor(x => x.OrgUnitId).NotEmpty();
        RuleFor(x => x.MemberCount).InclusiveBetween(0, 100_000);
        RuleFor(x => x.Operators).NotNull();
        RuleForEach(x => x.Operators).ChildRules(o =>
        {
            o.RuleFor(x => x.Name).NotEmpty().MaximumLength(50);
            o.RuleFor(x => x.Phone).Matches(@"^\+?[0-9][0-9 -]{4,19}$").When(x => !string.IsNullOrEmpty(x.Phone));
            o.RuleFor(x => x.Login).MaximumLength(64);
        });
    }
}

internal sealed class CreateGridGroupHandler(IDocumentSession session, ICallerScope scope, TimeProvider clock)
    : IRequestHandler<CreateGridGroup, GroupView>
{
    public async Task<GroupView> Handle(CreateGridGroup command, CancellationToken ct)
    {
        var place = await GroupPlaces.CheckAsync(scope, command.OrgUnitId, "orgUnitId", ct);
        var group = new GridGroup
        {
            Id = Guid.CreateVersion7(), Name = command.Name.Trim(), Kind = command.Kind, Platform = command.Platform,
            Operators = command.Operators.ToList(), MemberCount = command.MemberCount, CreatedAt = clock.GetUtcNow(),
        };
        group.SitAt(place);
        group.OperatorLogins = GroupPlaces.LoginsOf(group.Operators);
        session.Store(group);
        await session.SaveChangesAsync(ct);
        return GroupPlaces.View(group, reveal: true);
    }
}

internal static class GroupPlaces
{
    /// <summary>A group belongs to a community or village inside the caller's subtree.</summary>
    public static async Task<OrgPlace> CheckAsync(ICallerScope scope, Guid unitId, string field, CancellationToken ct)
    {
        var place = await scope.PlaceOfAsync(unitId, ct);
        if (place is null || !await scope.CoversAsync(place.Path, ct))
            throw new RuleViolationException(field, "组织机构不存在或不在本单位范围内", "The org unit does not exist or is outside your unit");
        if (place.Level != OrgLevel.Community)
            throw new RuleViolationException(field, "网格群须属于村（社区）", "A group belongs to a community or village");
        return place;
    }

    public static List<string> LoginsOf(IEnumerable<GroupOperator> operators) =>
        operators.Select(o => o.Login?.Trim().ToLowerInvariant()).OfType<string>().Where(l => l.Length > 0).Distinct().ToList();

    /// <summary>Phones are masked in lists; the full number only for whoever manages the group.</summary>
    public static GroupView View(GridGroup g, bool reveal) => new(g.Id, g.Name, g.Kind, g.Platform, g.OrgUnitId,
        g.Operators.Select(o => reveal ? o : o with { Phone = GridGroup.Mask(o.Phone) }).ToList(), g.MemberCount, g.Active);
}

internal static class CreateGridGroupEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPost("/groups", async (CreateGridGroup command, IMediator mediator, CancellationToken ct) =>
        {
            var group = await mediator.Send(command, ct);
            return Results.Created($"/api/grid-dispatch/groups/{group.Id}", group);
        })
        .RequirePermission(GridDispatchPermissions.ManageGroups)
        .WithSummary("Register a grid group of a community or village")
        .Produces<GroupView>(StatusCodes.Status201Created).ProducesValidationProblem();
}
