using NetInfoSuite.Contracts.AccountMatrix;

namespace NetInfoSuite.Modules.Compliance.Registry;

public sealed record LinkedAccount(Guid Id, string Name, string Platform);

public sealed record MediaUnitView(Guid Id, string Name, string CreditCode, MediaUnitKind Kind, decimal NonPublicShare, NegativeListCategory Category,
    string BusinessScope, DateOnly FiledOn, MediaUnitStatus Status, string Notes, Guid Supervisor, string SupervisorName, IReadOnlyList<LinkedAccount> Accounts);

/// <summary>Registers a media unit, or (with an id) changes one, as entered in a form, the API or a workbook row.
/// <see cref="Supervisor"/> is the org unit that supervises it.</summary>
[RequiresPermission(CompliancePermissions.Registry)]
internal sealed record SaveMediaUnit(Guid? Id, string Name, string CreditCode, MediaUnitKind Kind, decimal NonPublicShare, NegativeListCategory Category,
    string? BusinessScope, DateOnly FiledOn, MediaUnitStatus Status, string? Notes, Guid Supervisor, IReadOnlyList<Guid>? Accounts) : ICommand<MediaUnitView>;

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record GetMediaUnit(Guid Id) : IRequest<MediaUnitView>;

public sealed record MediaUnitRow(Guid Id, string Name, string CreditCode, MediaUnitKind Kind, decimal NonPublicShare, NegativeListCategory Category,
    MediaUnitStatus Status, string SupervisorName, DateOnly FiledOn);

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record ListMediaUnits(NegativeListCategory? Category = null, string? Text = null, int Page = 1, int PageSize = 50) : IRequest<Page<MediaUnitRow>>;

internal sealed class SaveMediaUnitValidator : AbstractValidator<SaveMediaUnit>
{
    public SaveMediaUnitValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.CreditCode).Custom((code, context) =>
        {
            if (Domain.CreditCode.Problem(code) is { } problem) context.AddFailure(new FluentValidation.Results.ValidationFailure("creditCode", new LocalizedText(problem.Zh, problem.En).Current));
        });
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.Category).IsInEnum();
        RuleFor(x => x.Status).IsInEnum();
        RuleFor(x => x.NonPublicShare).InclusiveBetween(0m, 100m);
        RuleFor(x => x.BusinessScope).MaximumLength(2_000);
        RuleFor(x => x.Notes).MaximumLength(2_000);
        RuleFor(x => x.FiledOn).NotEmpty();
        RuleFor(x => x.Supervisor).NotEmpty();
        RuleFor(x => x.Accounts).Must(a => a is null || a.Count <= 50);
    }
}

internal sealed class MediaUnitHandlers(IDocumentSession session, ICallerScope scope, IMediator mediator)
    : IRequestHandler<SaveMediaUnit, MediaUnitView>, IRequestHandler<GetMediaUnit, MediaUnitView>, IRequestHandler<ListMediaUnits, Page<MediaUnitRow>>
{
    public async Task<MediaUnitView> Handle(SaveMediaUnit command, CancellationToken ct)
    {
        var unit = command.Id is { } id ? await session.LoadInScopeOrThrowAsync<MediaUnit>(scope, id, "media unit", ct) : new MediaUnit { Id = Guid.CreateVersion7() };
        var code = Domain.CreditCode.Normalize(command.CreditCode);
        if (await (await session.QueryInScopeAsync<MediaUnit>(scope, ct)).AnyAsync(u => u.CreditCode == code && u.Id != unit.Id, ct))
            throw new RuleViolationException("creditCode", "该统一社会信用代码已登记", "This credit code is already registered");
        var supervisor = await scope.UsableAsync(command.Supervisor, "supervisor", ct);
        var accounts = await AccountsAsync(command.Accounts ?? [], "accounts", ct);
        Apply(unit, command, supervisor, accounts.Select(a => a.Id).ToList());
        session.Store(unit);
        await session.SaveChangesAsync(ct);
        return View(unit, accounts);
    }

    public async Task<MediaUnitView> Handle(GetMediaUnit query, CancellationToken ct)
    {
        var unit = await session.LoadInScopeOrThrowAsync<MediaUnit>(scope, query.Id, "media unit", ct);
        IReadOnlyList<LinkedAccount> accounts;
        try { accounts = await AccountsAsync(unit.Accounts, null, ct); }
        catch (ModuleUnavailableException) { accounts = []; } // the account matrix is not deployed: no names to show
        return View(unit, accounts);
    }

    public async Task<Page<MediaUnitRow>> Handle(ListMediaUnits query, CancellationToken ct)
    {
        var units = await session.QueryInScopeAsync<MediaUnit>(scope, ct);
        if (query.Category is { } category) units = units.Where(u => u.Category == category);
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim();
            var code = text.ToUpperInvariant();
            units = units.Where(u => u.Name.Contains(text) || u.CreditCode.Contains(code) || u.SupervisorName.Contains(text));
        }
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        var total = await units.CountAsync(ct);
        var items = await units.OrderBy(u => u.Name).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<MediaUnitRow>(items.Select(u => new MediaUnitRow(u.Id, u.Name, u.CreditCode, u.Kind, u.NonPublicShare, u.Category, u.Status,
            u.SupervisorName, u.FiledOn)).ToList(), page, size, total);
    }

    public static void Apply(MediaUnit unit, SaveMediaUnit input, OrgPlace supervisor, List<Guid> accounts)
    {
        (unit.Name, unit.CreditCode, unit.Kind, unit.NonPublicShare, unit.Category) =
            (input.Name.Trim(), Domain.CreditCode.Normalize(input.CreditCode), input.Kind, input.NonPublicShare, input.Category);
        (unit.BusinessScope, unit.FiledOn, unit.Status, unit.Notes) = (input.BusinessScope?.Trim() ?? "", input.FiledOn, input.Status, input.Notes?.Trim() ?? "");
        (unit.Supervisor, unit.SupervisorName, unit.UnitPath, unit.Accounts) = (supervisor.Id, supervisor.Name, supervisor.Path, accounts);
    }

    // Linked accounts through the account matrix's GetAccount contract; each must exist (and be the caller's to see).
    private async Task<IReadOnlyList<LinkedAccount>> AccountsAsync(IReadOnlyList<Guid> ids, string? field, CancellationToken ct)
    {
        var found = new List<LinkedAccount>();
        foreach (var id in ids.Distinct())
        {
            AccountInfo? account;
            try { account = await mediator.Send(new GetAccount(id), ct); }
            catch (ModuleUnavailableException) when (field is not null)
            {
                throw new RuleViolationException(field, "新媒体矩阵模块未启用，不能关联账号", "The account matrix is not available: no account can be linked");
            }
            if (account is not null && await scope.PlaceOfAsync(account.Owner.Value, ct) is { } place && await scope.CoversAsync(place.Path, ct))
                found.Add(new LinkedAccount(account.Id, account.Name, account.Platform));
            else if (field is not null)
                throw new RuleViolationException(field, "所选账号不存在或不在本单位范围内", "An account does not exist or is outside your part of the tree");
        }
        return found;
    }

    private static MediaUnitView View(MediaUnit u, IReadOnlyList<LinkedAccount> accounts) =>
        new(u.Id, u.Name, u.CreditCode, u.Kind, u.NonPublicShare, u.Category, u.BusinessScope, u.FiledOn, u.Status, u.Notes, u.Supervisor,
            u.SupervisorName, accounts);
}
