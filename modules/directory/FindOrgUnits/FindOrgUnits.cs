namespace NetInfoSuite.Modules.Directory.FindOrgUnits;

internal sealed class FindOrgUnitsValidator : AbstractValidator<Contracts.Directory.FindOrgUnits>
{
    public FindOrgUnitsValidator()
    {
        RuleFor(x => x.Text).MaximumLength(OrgRules.MaxNameLength);
        RuleFor(x => x.Limit).InclusiveBetween(1, 500);
    }
}

/// <summary>Answers <see cref="Contracts.Directory.FindOrgUnits"/> (the unit pickers' search) inside the caller's subtree.</summary>
internal sealed class FindOrgUnitsHandler(DirectoryScope scope)
    : IRequestHandler<Contracts.Directory.FindOrgUnits, IReadOnlyList<OrgUnitInfo>>
{
    public async Task<IReadOnlyList<OrgUnitInfo>> Handle(Contracts.Directory.FindOrgUnits request, CancellationToken ct)
    {
        var query = (await scope.QueryAsync(ct)).Where(x => x.Active);
        if (request.Text?.Trim() is { Length: > 0 } text)
            query = query.Where(x => x.Name.Contains(text) || x.Code.Contains(text));
        var units = await query.OrderBy(x => x.Depth).ThenBy(x => x.Code).Take(request.Limit).ToListAsync(ct);
        return units.Select(u => u.ToInfo()).ToList();
    }
}
