namespace NetInfoSuite.Modules.Directory.DeactivateOrgUnit;

internal static class DeactivateOrgUnitEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPost("/units/{id:guid}/deactivate", async (Guid id, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new DeactivateOrgUnit(id), ct)))
        .WithName("DeactivateOrgUnit")
        .RequirePermission(DirectoryPermissions.Manage)
        .WithSummary("Deactivate an org unit that has no active units under it")
        .Produces<OrgUnitInfo>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
