namespace NetInfoSuite.Modules.Directory.MoveOrgUnit;

internal sealed record MoveOrgUnitBody(Guid ParentId);

internal static class MoveOrgUnitEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPut("/units/{id:guid}/parent", async (Guid id, MoveOrgUnitBody body, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new MoveOrgUnit(id, body.ParentId), ct)))
        .WithName("MoveOrgUnit")
        .RequirePermission(DirectoryPermissions.Manage)
        .WithSummary("Move an org unit, with its whole subtree, under another parent")
        .Produces<OrgUnitInfo>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
