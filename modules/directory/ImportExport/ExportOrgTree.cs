namespace NetInfoSuite.Modules.Directory.ImportExport;

/// <summary>The whole tree as spreadsheet rows, parents before children, so the file imports back as is.</summary>
internal sealed record ExportOrgTree : IRequest<IReadOnlyList<IDictionary<string, object?>>>;

internal sealed class ExportOrgTreeHandler(IQuerySession session)
    : IRequestHandler<ExportOrgTree, IReadOnlyList<IDictionary<string, object?>>>
{
    public async Task<IReadOnlyList<IDictionary<string, object?>>> Handle(ExportOrgTree request, CancellationToken ct)
    {
        var units = await session.Query<OrgUnit>().ToListAsync(ct);
        var codes = units.ToDictionary(u => u.Id, u => u.Code);
        return OrgUnitQueries.InTreeOrder(units, null)
            .Select(u => (IDictionary<string, object?>)new Dictionary<string, object?>
            {
                [OrgTreeSheet.Code] = u.Code,
                [OrgTreeSheet.Name] = u.Name,
                [OrgTreeSheet.Level] = OrgRules.ZhName(u.Level),
                [OrgTreeSheet.ParentCode] = u.ParentId is { } p ? codes[p] : "",
                [OrgTreeSheet.Status] = u.Active ? "启用" : "停用",
            })
            .ToList();
    }
}
