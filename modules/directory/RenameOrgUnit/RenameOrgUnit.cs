namespace NetInfoSuite.Modules.Directory.RenameOrgUnit;

[RequiresPermission(DirectoryPermissions.Manage)]
internal sealed record RenameOrgUnit(Guid Id, string Name) : ICommand<OrgUnitInfo>;

internal sealed class RenameOrgUnitValidator : AbstractValidator<RenameOrgUnit>
{
    public RenameOrgUnitValidator() => RuleFor(x => x.Name).ValidName();
}

internal sealed class RenameOrgUnitHandler(IDocumentSession session, DirectoryScope scope, IOutbox outbox, TimeProvider clock)
    : IRequestHandler<RenameOrgUnit, OrgUnitInfo>
{
    public async Task<OrgUnitInfo> Handle(RenameOrgUnit command, CancellationToken ct)
    {
        var unit = await session.LoadForChangeAsync(scope, command.Id, ct);
        var name = command.Name.Trim();
        if (unit.Name == name) return unit.ToInfo();
        if (unit.Active && await session.SiblingNamed(unit.ParentId, name, unit.Id, ct))
            throw new RuleViolationException([OrgRules.NameTaken("name", name)]);

        unit.Name = name;
        unit.UpdatedAt = clock.GetUtcNow();
        session.Store(unit);
        return await session.SaveAndAnnounce(outbox, unit, OrgUnitChange.Renamed, ct);
    }
}
