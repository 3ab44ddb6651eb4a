namespace NetInfoSuite.Modules.Directory.CreateOrgUnit;

internal static class CreateOrgUnitEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPost("/units", async (CreateOrgUnit command, IMediator mediator, CancellationToken ct) =>
        {
            var unit = await mediator.Send(command, ct);
            return Results.Created($"/api/directory/units/{unit.Id}", unit);
        })
        .WithName("CreateOrgUnit")
        .RequirePermission(DirectoryPermissions.Manage)
        .WithSummary("Create an org unit under its parent (the City root has none)")
        .Produces<OrgUnitInfo>(StatusCodes.Status201Created)
        .ProducesValidationProblem();
}
