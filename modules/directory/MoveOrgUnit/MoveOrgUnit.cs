namespace NetInfoSuite.Modules.Directory.MoveOrgUnit;

[RequiresPermission(DirectoryPermissions.Manage)]
internal sealed record MoveOrgUnit(Guid Id, Guid ParentId) : ICommand<OrgUnitInfo>;

internal sealed class MoveOrgUnitValidator : AbstractValidator<MoveOrgUnit>
{
    public MoveOrgUnitValidator() => RuleFor(x => x.ParentId).NotEmpty();
}

internal sealed class MoveOrgUnitHandler(IDocumentSession session, DirectoryScope scope, IOutbox outbox, TimeProvider clock)
    : IRequestHandler<MoveOrgUnit, OrgUnitInfo>
{
    public async Task<OrgUnitInfo> Handle(MoveOrgUnit command, CancellationToken ct)
    {
        var unit = await session.LoadForChangeAsync(scope, command.Id, ct);
        if (unit.ParentId == command.ParentId) return unit.ToInfo();

        var parent = await session.LoadAsync<OrgUnit>(command.ParentId, ct);
        if (parent is null || !await scope.CoversAsync(parent, ct))
            throw new RuleViolationException("parentId", $"上级单位 {command.ParentId} 不存在", $"Parent {command.ParentId} does not exist");
        if (unit.IsSelfOrAncestorOf(parent))
            throw new RuleViolationException("parentId", "不能移动到自身或其下级单位之下",
                "A unit cannot move under itself or one of its own descendants");
        if (OrgRules.CheckParent("level", "parentId", unit.Level, parent, rootExists: false) is { } violation)
            throw new RuleViolationException([violation]);
        if (unit.Active && await session.SiblingNamed(parent.Id, unit.Name, unit.Id, ct))
            throw new RuleViolationException([OrgRules.NameTaken("parentId", unit.Name)]);

        // The whole subtree gets its new path and depth in one transaction.
        var now = clock.GetUtcNow();
        var oldPath = unit.Path;
        var newPath = parent.Path + unit.Id.ToString("N") + "/";
        var depthShift = parent.Depth + 1 - unit.Depth;
        var subtree = (await session.Query<OrgUnit>().Where(x => x.Path.StartsWith(oldPath)).ToListAsync(ct)).ToList();
        // Moved by someone else since it was loaded (its old path now finds nothing): storing the loaded copy fails
        // the version check at commit (409) instead of answering 200 for a move that stored nothing.
        if (subtree.All(m => m.Id != unit.Id)) subtree.Add(unit);
        foreach (var member in subtree)
        {
            member.Path = newPath + member.Path[oldPath.Length..];
            member.Depth += depthShift;
            if (member.Id == unit.Id)
            {
                member.ParentId = parent.Id;
                member.UpdatedAt = now;
                unit = member;
            }
        }
        session.Store(subtree.ToArray());
        session.BuildsOn(parent); // the new paths are built on the parent's: it must not move meanwhile
        return await session.SaveAndAnnounce(outbox, unit, OrgUnitChange.Moved, ct, nameField: "parentId");
    }
}
