using Marten.Pagination;

namespace NetInfoSuite.Modules.Directory.SearchOrgUnits;

[RequiresPermission(DirectoryPermissions.Read)]
internal sealed record SearchOrgUnits(string? Name, OrgLevel? Level, bool IncludeInactive, int Page, int PageSize,
    string? Sort = null, bool Descending = false) : IRequest<Page<OrgUnitInfo>>
{
    /// <summary>What a list may be sorted by; the default is the tree order (level, then code).</summary>
    public static readonly IReadOnlyList<string> SortKeys = ["code", "name", "level"];
}

internal sealed class SearchOrgUnitsValidator : AbstractValidator<SearchOrgUnits>
{
    public SearchOrgUnitsValidator()
    {
        RuleFor(x => x.Name).MaximumLength(OrgRules.MaxNameLength);
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 500);
        RuleFor(x => x.Sort).Must(s => s is null || SearchOrgUnits.SortKeys.Contains(s))
            .WithMessage(_ => new LocalizedText($"排序只能按 {string.Join("、", SearchOrgUnits.SortKeys)}",
                $"Sort by one of {string.Join(", ", SearchOrgUnits.SortKeys)}").Current);
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

        var ordered = (request.Sort, request.Descending) switch
        {
            ("name", false) => query.OrderBy(x => x.Name).ThenBy(x => x.Code),
            ("name", true) => query.OrderByDescending(x => x.Name).ThenBy(x => x.Code),
            ("code", false) => query.OrderBy(x => x.Code),
            ("code", true) => query.OrderByDescending(x => x.Code),
            (_, true) => query.OrderByDescending(x => x.Depth).ThenBy(x => x.Code),
            _ => query.OrderBy(x => x.Depth).ThenBy(x => x.Code),
        };
        var page = await ordered.ToPagedListAsync(request.Page, request.PageSize, ct);
        return new Page<OrgUnitInfo>(page.Select(u => u.ToInfo()).ToList(), request.Page, request.PageSize, page.TotalItemCount);
    }
}
