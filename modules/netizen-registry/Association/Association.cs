using NetInfoSuite.Modules.NetizenRegistry.Interactions;
using NetInfoSuite.Modules.NetizenRegistry.Profiles;

namespace NetInfoSuite.Modules.NetizenRegistry.Association;

/// <summary>The self-media association (自媒体行业协会) as the caller's subtree sees it: its members (current first) and
/// its activities with who attended.</summary>
public sealed record AssociationView(IReadOnlyList<ProfileView> Members, IReadOnlyList<InteractionView> Activities);

[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record GetAssociation : IRequest<AssociationView>;

internal sealed class GetAssociationHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<GetAssociation, AssociationView>
{
    public async Task<AssociationView> Handle(GetAssociation query, CancellationToken ct)
    {
        var members = await (await session.QueryInScopeAsync<Profile>(scope, ct)).Where(p => p.Association != null && p.AnonymisedAt == null).Take(2000).ToListAsync(ct);
        var activities = await (await session.QueryInScopeAsync<Interaction>(scope, ct)).Where(i => i.Kind == InteractionKind.AssociationActivity)
            .OrderByDescending(i => i.On).Take(200).ToListAsync(ct);
        return new AssociationView(
            members.OrderBy(p => p.Association!.Until is not null).ThenBy(p => p.Association!.Since).Select(ProfileView.Of).ToList(),
            activities.Select(RecordInteractionHandler.View).ToList());
    }
}

internal static class AssociationEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/association", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetAssociation(), ct)))
        .RequirePermission(NetizenRegistryPermissions.Read)
        .WithSummary("The self-media association's members and its activities with attendance")
        .Produces<AssociationView>();
}
