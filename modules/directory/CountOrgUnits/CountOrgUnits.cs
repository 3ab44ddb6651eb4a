using NetInfoSuite.Contracts.Shell;

namespace NetInfoSuite.Modules.Directory.CountOrgUnits;

/// <summary>Active units in the caller's subtree, per level (the directory's chart and dashboard card).</summary>
[RequiresPermission(DirectoryPermissions.Read)]
internal sealed record CountOrgUnits : IRequest<IReadOnlyDictionary<OrgLevel, int>>;

internal sealed class CountOrgUnitsHandler(DirectoryScope scope) : IRequestHandler<CountOrgUnits, IReadOnlyDictionary<OrgLevel, int>>
{
    public async Task<IReadOnlyDictionary<OrgLevel, int>> Handle(CountOrgUnits request, CancellationToken ct)
    {
        var levels = await (await scope.QueryAsync(ct)).Where(u => u.Active).Select(u => u.Level).ToListAsync(ct);
        return Enum.GetValues<OrgLevel>().ToDictionary(l => l, l => levels.Count(x => x == l));
    }
}

/// <summary>The directory's card on the home dashboard: how many units the caller's subtree holds.</summary>
internal sealed class OrgUnitsCard(IMediator mediator) : IDashboardCards
{
    public async Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken ct)
    {
        if (!caller.Has(DirectoryPermissions.Read)) return [];
        var counts = await mediator.Send(new CountOrgUnits(), ct);
        return [new(new("组织机构", "Org units"), counts.Values.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture),
            new($"其中网格所在的村（社区）{counts[OrgLevel.Community]} 个", $"{counts[OrgLevel.Community]} communities and villages"),
            "/directory")];
    }
}
