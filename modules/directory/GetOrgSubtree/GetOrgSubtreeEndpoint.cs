namespace NetInfoSuite.Modules.Directory.GetOrgSubtree;

internal static class GetOrgSubtreeEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/units/{id:guid}/subtree", async (Guid id, int? depth, bool? includeInactive, IMediator mediator, CancellationToken ct) =>
        {
            var units = await mediator.Send(
                new Contracts.Directory.GetOrgSubtree(new OrgUnitId(id), depth, includeInactive ?? false), ct);
            return units.Count == 0 ? throw new NotFoundException("org unit", id.ToString()) : Results.Ok(units);
        })
        .WithName("GetOrgSubtree")
        .RequirePermission(DirectoryPermissions.Read)
        .WithSummary("The unit and its descendants (down to `depth` levels), parents before children")
        .Produces<IReadOnlyList<OrgUnitInfo>>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
