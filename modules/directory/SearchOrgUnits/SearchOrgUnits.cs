using Marten.Pagination;

namespace NetInfoSuite.Modules.Directory.SearchOrgUnits;

[RequiresPermission(DirectoryPermissions.Read)]
internal sealed record SearchOrgUnits(string? Name, OrgLevel? Level, bool IncludeInactive, int Page, int PageSize)
    : IRequest<Page<OrgUnitInfo>>;

internal sealed class SearchOrgUnitsValidator : AbstractValidator<SearchOrgUnits>
{
    public SearchOrgUnitsValidator()
    {
        RuleFor(x => x.Name).MaximumLength(OrgRules.MaxNameLength);
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 500);
    }
}

internal sealed class SearchOrgUnitsHandler(DirectoryScope scope) : IRequestHandler<SearchOrgUnits, Page<OrgUnitInfo>>
{
    public async Task<Page<OrgUnitInfo>> Handle(SearchOrgUnits request, CancellationToken ct)
    {
        var query = await scope.QueryAsync(ct);
        if (!string.IsNullOrWhiteSpace(request.Name))
        {
            var name = request.Name.Trim();
            query = query.Where(x => x.Name.Contains(name));
        }
        if (request.Level is { } level) query = query.Where(x => x.Level == level);
        if (!request.IncludeInactive) query = query.Where(x => x.Active);

        var page = await query.OrderBy(x => x.Depth).ThenBy(x => x.Code)
            .ToPagedListAsync(request.Page, request.PageSize, ct);
        return new Page<OrgUnitInfo>(page.Select(u => u.ToInfo()).ToList(), request.Page, request.PageSize, page.TotalItemCount);
    }
}
