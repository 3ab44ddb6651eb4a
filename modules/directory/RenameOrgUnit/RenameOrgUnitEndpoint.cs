namespace NetInfoSuite.Modules.Directory.RenameOrgUnit;

internal sealed record RenameOrgUnitBody(string Name);

internal static class RenameOrgUnitEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPut("/units/{id:guid}/name", async (Guid id, RenameOrgUnitBody body, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new RenameOrgUnit(id, body.Name), ct)))
        .WithName("RenameOrgUnit")
        .RequirePermission(DirectoryPermissions.Manage)
        .WithSummary("Rename an org unit")
        .Produces<OrgUnitInfo>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
