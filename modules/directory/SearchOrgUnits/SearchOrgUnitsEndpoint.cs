namespace NetInfoSuite.Modules.Directory.SearchOrgUnits;

internal static class SearchOrgUnitsEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/units", async (string? name, OrgLevel? level, bool? includeInactive, int? page, int? pageSize,
                string? sort, bool? desc, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(
                new SearchOrgUnits(name, level, includeInactive ?? false, page ?? 1, pageSize ?? 50, sort, desc ?? false), ct)))
        .WithName("SearchOrgUnits")
        .RequirePermission(DirectoryPermissions.Read)
        .WithSummary("Search org units by name (and level), a page at a time, sorted by code, name or level")
        .Produces<Page<OrgUnitInfo>>()
        .ProducesValidationProblem();
}
