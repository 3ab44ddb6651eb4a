namespace NetInfoSuite.Modules.GridDispatch.Groups;

/// <summary>Changes a group: its name, kind, platform, unit, operators, member count, or switches it off (an
/// inactive group gets no new tasks; its old tasks stay).</summary>
[RequiresPermission(GridDispatchPermissions.ManageGroups)]
internal sealed record UpdateGridGroup(Guid Id, string Name, GroupKind Kind, GroupPlatform Platform, Guid OrgUnitId,
    IReadOnlyList<GroupOperator> Operators, int MemberCount, bool Active) : ICommand<GroupView>, IGroupFields;

internal sealed class UpdateGridGroupValidator : AbstractValidator<UpdateGridGroup>
{
    public UpdateGridGroupValidator() => Include(new GroupFieldsValidator());
}

internal sealed class UpdateGridGroupHandler(IDocumentSession session, ICallerScope scope) : IRequestHandler<UpdateGridGroup, GroupView>
{
    public async Task<GroupView> Handle(UpdateGridGroup command, CancellationToken ct)
    {
        var group = await session.LoadInScopeOrThrowAsync<GridGroup>(scope, command.Id, "group", ct);
        if (group.OrgUnitId != command.OrgUnitId)
        {
            var place = await GroupPlaces.CheckAsync(scope, command.OrgUnitId, "orgUnitId", ct);
            group.SitAt(place);
        }
        group.Name = command.Name.Trim();
        group.Kind = command.Kind;
        group.Platform = command.Platform;
        group.Operators = command.Operators.ToList();
        group.OperatorLogins = GroupPlaces.LoginsOf(group.Operators);
        group.MemberCount = command.MemberCount;
        group.Active = command.Active;
        session.Store(group);
        await session.SaveChangesAsync(ct);
        return GroupPlaces.View(group, reveal: true);
    }
}

internal static class UpdateGridGroupEndpoint
{
    public sealed record Body(string Name, GroupKind Kind, GroupPlatform Platform, Guid OrgUnitId, IReadOnlyList<GroupOperator>? Operators,
        int MemberCount, bool Active);

    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPut("/groups/{id:guid}", async (Guid id, Body body, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new UpdateGridGroup(id, body.Name ?? "", body.Kind, body.Platform, body.OrgUnitId,
                body.Operators ?? [], body.MemberCount, body.Active), ct)))
        .RequirePermission(GridDispatchPermissions.ManageGroups)
        .WithSummary("Change a group, or switch it off (active: false)")
        .Produces<GroupView>().ProducesValidationProblem();
}
