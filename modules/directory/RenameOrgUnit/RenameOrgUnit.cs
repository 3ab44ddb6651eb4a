namespace NetInfoSuite.Modules.Directory.RenameOrgUnit;

internal sealed record RenameOrgUnit(Guid Id, string Name) : IRequest<OrgUnitInfo>;

internal sealed class RenameOrgUnitValidator : AbstractValidator<RenameOrgUnit>
{
    public RenameOrgUnitValidator() => RuleFor(x => x.Name).ValidName();
}

internal sealed class RenameOrgUnitHandler(IDocumentSession session, IMediator mediator, TimeProvider clock)
    : IRequestHandler<RenameOrgUnit, OrgUnitInfo>
{
    public async Task<OrgUnitInfo> Handle(RenameOrgUnit command, CancellationToken ct)
    {
        var unit = await session.LoadOrThrow(command.Id, ct);
        var name = command.Name.Trim();
        if (unit.Name == name) return unit.ToInfo();

        unit.Name = name;
        unit.UpdatedAt = clock.GetUtcNow();
        session.Store(unit);
        return await session.SaveAndAnnounce(mediator, unit, OrgUnitChange.Renamed, ct);
    }
}
