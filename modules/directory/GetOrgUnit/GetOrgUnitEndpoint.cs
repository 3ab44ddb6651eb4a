namespace NetInfoSuite.Modules.Directory.GetOrgUnit;

internal static class GetOrgUnitEndpoint
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/units/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new Contracts.Directory.GetOrgUnit(new OrgUnitId(id)), ct)
                           ?? throw new NotFoundException("org unit", id.ToString())))
            .WithName("GetOrgUnit")
            .RequirePermission(DirectoryPermissions.Read)
            .WithSummary("One org unit by id")
            .Produces<OrgUnitInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGet("/units/by-code/{code}", async (string code, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetOrgUnitByCode(code), ct)
                           ?? throw new NotFoundException("org unit", code)))
            .WithName("GetOrgUnitByCode")
            .RequirePermission(DirectoryPermissions.Read)
            .WithSummary("One org unit by its unique code")
            .Produces<OrgUnitInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
