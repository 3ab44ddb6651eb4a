namespace NetInfoSuite.Modules.Directory.GetOrgSubtree;

internal sealed class GetOrgSubtreeValidator : AbstractValidator<Contracts.Directory.GetOrgSubtree>
{
    public GetOrgSubtreeValidator() => RuleFor(x => x.MaxDepth).InclusiveBetween(0, 10);
}

/// <summary>Answers the contract request <see cref="Contracts.Directory.GetOrgSubtree"/> for every module.</summary>
internal sealed class GetOrgSubtreeHandler(IQuerySession session, DirectoryScope scope)
    : IRequestHandler<Contracts.Directory.GetOrgSubtree, IReadOnlyList<OrgUnitInfo>>
{
    public async Task<IReadOnlyList<OrgUnitInfo>> Handle(Contracts.Directory.GetOrgSubtree request, CancellationToken ct)
    {
        var root = await scope.FindAsync(request.Root.Value, ct);
        if (root is null) return [];
        var units = await session.LoadSubtree(root, request.MaxDepth, request.IncludeInactive, ct);
        return units.Select(u => u.ToInfo()).ToList();
    }
}
