namespace NetInfoSuite.Modules.Directory.ImportExport;

/// <summary>The whole tree as spreadsheet rows, parents before children, so the file imports back as is.</summary>
[RequiresPermission(DirectoryPermissions.Read)]
internal sealed record ExportOrgTree : IRequest<IReadOnlyList<IDictionary<string, object?>>>;

internal sealed class ExportOrgTreeHandler(DirectoryScope scope)
    : IRequestHandler<ExportOrgTree, IReadOnlyList<IDictionary<string, object?>>>
{
    public async Task<IReadOnlyList<IDictionary<string, object?>>> Handle(ExportOrgTree request, CancellationToken ct)
    {
        var units = await (await scope.QueryAsync(ct)).ToListAsync(ct);
        var codes = units.ToDictionary(u => u.Id, u => u.Code);
        return OrgUnitQueries.InTreeOrder(units, units.MinBy(u => u.Depth)?.Id)
            .Select(u => (IDictionary<string, object?>)new Dictionary<string, object?>
            {
                [OrgTreeSheet.Code] = u.Code,
                [OrgTreeSheet.Name] = u.Name,
                [OrgTreeSheet.Level] = OrgRules.ZhName(u.Level),
                [OrgTreeSheet.ParentCode] = u.ParentId is { } p && codes.TryGetValue(p, out var parent) ? parent : "",
                [OrgTreeSheet.Status] = u.Active ? "启用" : "停用",
            })
            .ToList();
    }
}
