namespace NetInfoSuite.Modules.Directory.DeactivateOrgUnit;

[RequiresPermission(DirectoryPermissions.Manage)]
internal sealed record DeactivateOrgUnit(Guid Id) : ICommand<OrgUnitInfo>;

internal sealed class DeactivateOrgUnitHandler(IDocumentSession session, DirectoryScope scope, IOutbox outbox, TimeProvider clock)
    : IRequestHandler<DeactivateOrgUnit, OrgUnitInfo>
{
    public async Task<OrgUnitInfo> Handle(DeactivateOrgUnit command, CancellationToken ct)
    {
        var unit = await session.LoadForChangeAsync(scope, command.Id, ct);
        if (!unit.Active) return unit.ToInfo();

        var activeChildren = await session.Query<OrgUnit>().CountAsync(x => x.ParentId == unit.Id && x.Active, ct);
        if (activeChildren > 0)
            throw new RuleViolationException("id", $"还有 {activeChildren} 个下级单位在用，请先停用或移走它们",
                $"{activeChildren} active unit(s) still sit under this unit; deactivate or move them first");

        unit.Active = false;
        unit.UpdatedAt = clock.GetUtcNow();
        session.Store(unit);
        return await session.SaveAndAnnounce(outbox, unit, OrgUnitChange.Deactivated, ct);
    }
}
