namespace NetInfoSuite.Modules.GridDispatch.Groups;

/// <summary>For the group picker: the chosen groups (by id) and the active ones whose name contains the search (the
/// first ones by name when there is none), each with its unit's name; only groups of the caller's subtree.</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record PickGroups(string? Search, IReadOnlyList<Guid> Chosen) : IRequest<GroupChoices>
{
    public const int Listed = 50;
}

internal sealed record GroupChoice(Guid Id, string Name, GroupKind Kind, string UnitName);

internal sealed record GroupChoices(IReadOnlyList<GroupChoice> Chosen, IReadOnlyList<GroupChoice> Found, bool More);

internal sealed class PickGroupsValidator : AbstractValidator<PickGroups>
{
    public PickGroupsValidator()
    {
        RuleFor(x => x.Search).MaximumLength(100);
        RuleFor(x => x.Chosen).Must(c => c.Count <= 10_000);
    }
}

internal sealed class PickGroupsHandler(IQuerySession session, ICallerScope scope, IMediator mediator) : IRequestHandler<PickGroups, GroupChoices>
{
    public async Task<GroupChoices> Handle(PickGroups query, CancellationToken ct)
    {
        var chosen = query.Chosen.Count == 0 ? [] : await session.LoadManyInScopeAsync<GridGroup>(scope, query.Chosen, ct);
        var groups = (await session.QueryInScopeAsync<GridGroup>(scope, ct)).Where(g => g.Active);
        if (query.Search?.Trim() is { Length: > 0 } search) groups = groups.Where(g => g.Name.Contains(search));
        var found = await groups.OrderBy(g => g.Name).Take(PickGroups.Listed + 1).ToListAsync(ct);
        // The group's county, street and village by name: a city has many 长安村村民群, told apart only by where they are
        // (units outside the caller's reach, e.g. a county admin's own county, have no name here and are left out).
        static IEnumerable<Guid> Places(GridGroup g) => new[] { g.CountyId, g.StreetId, g.OrgUnitId }.OfType<Guid>().Distinct();
        var units = (await mediator.Send(new NetInfoSuite.Contracts.Directory.GetOrgUnits(
                chosen.Concat(found).SelectMany(Places).Distinct().Select(id => new OrgUnitId(id)).ToList()), ct))
            .ToDictionary(u => u.Id.Value, u => u.Name);
        GroupChoice Choice(GridGroup g) =>
            new(g.Id, g.Name, g.Kind, string.Join(" ", Places(g).Select(id => units.GetValueOrDefault(id, "")).Where(n => n.Length > 0)));
        return new GroupChoices(chosen.Select(Choice).ToList(), found.Take(PickGroups.Listed).Select(Choice).ToList(), found.Count > PickGroups.Listed);
    }
}
