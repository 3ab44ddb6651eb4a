namespace NetInfoSuite.Modules.Directory.CreateOrgUnit;

[RequiresPermission(DirectoryPermissions.Manage)]
internal sealed record CreateOrgUnit(string Code, string Name, OrgLevel Level, Guid? ParentId) : ICommand<OrgUnitInfo>;

internal sealed class CreateOrgUnitValidator : AbstractValidator<CreateOrgUnit>
{
    public CreateOrgUnitValidator()
    {
        RuleFor(x => x.Code).ValidCode();
        RuleFor(x => x.Name).ValidName();
        RuleFor(x => x.Level).IsInEnum();
    }
}

internal sealed class CreateOrgUnitHandler(IDocumentSession session, DirectoryScope scope, ICaller caller, IOutbox outbox, TimeProvider clock)
    : IRequestHandler<CreateOrgUnit, OrgUnitInfo>
{
    public async Task<OrgUnitInfo> Handle(CreateOrgUnit command, CancellationToken ct)
    {
        var code = command.Code.Trim();
        if (await session.CodeExists(code, ct))
            throw new RuleViolationException([OrgRules.CodeTaken("code", code)]);

        if (command.ParentId is null && !caller.IsCityWide)
            throw new ForbiddenException(DirectoryPermissions.Manage + " (city level)");
        // Loaded by this command's session: its version is checked at commit (see BuildsOn below).
        var parent = command.ParentId is { } parentId
            ? await session.LoadAsync<OrgUnit>(parentId, ct) is { } found && await scope.CoversAsync(found, ct) ? found
              : throw new RuleViolationException("parentId", $"上级单位 {parentId} 不存在", $"Parent {parentId} does not exist")
            : null;
        var rootExists = parent is null && await session.RootExists(ct);
        if (OrgRules.CheckParent("level", "parentId", command.Level, parent, rootExists) is { } violation)
            throw new RuleViolationException([violation]);

        var name = command.Name.Trim();
        if (await session.SiblingNamed(parent?.Id, name, Guid.Empty, ct))
            throw new RuleViolationException([OrgRules.NameTaken("name", name)]);

        var unit = OrgUnit.Create(code, name, command.Level, parent, clock.GetUtcNow());
        session.Store(unit);
        // The path is built on the parent's, and the parent must stay active: it must not change meanwhile.
        if (parent is not null) session.BuildsOn(parent);
        return await session.SaveAndAnnounce(outbox, unit, OrgUnitChange.Created, ct);
    }
}
