using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.AccountMatrix.Registry;

public sealed record AccountView(Guid Id, string Name, AccountPlatform Platform, string Handle, AccountCategory Category, Guid OwnerUnitId,
    IReadOnlyList<AccountOperator> Operators, bool Verified, NewsLicence? Licence, AccountStatus Status, string? SecondAccountReason,
    Guid? MergedInto, IReadOnlyList<AccountEvent> History)
{
    internal static AccountView Of(Account a) => new(a.Id, a.Name, a.Platform, a.Handle, a.Category, a.OwnerUnitId, a.Operators, a.Verified,
        a.Licence, a.Status, a.SecondAccountReason, a.MergedInto, a.History);
}

/// <summary>Registers an account as Applied. A News account needs a valid news-service licence; a unit's second
/// account on the same platform needs a stated reason (and is flagged in lists).</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record RegisterAccount(string Name, AccountPlatform Platform, string Handle, AccountCategory Category, Guid OwnerUnitId,
    IReadOnlyList<AccountOperator>? Operators, bool Verified, NewsLicence? Licence, string? SecondAccountReason) : ICommand<AccountView>;

internal sealed class RegisterAccountValidator : AbstractValidator<RegisterAccount>
{
    public RegisterAccountValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Handle).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Platform).IsInEnum();
        RuleFor(x => x.Category).IsInEnum();
        RuleFor(x => x.OwnerUnitId).NotEmpty();
        RuleFor(x => x.SecondAccountReason).MaximumLength(500);
        RuleFor(x => x.Licence).NotNull().When(x => x.Category == AccountCategory.News)
            .WithMessage(_ => new LocalizedText("新闻类账号须填写互联网新闻信息服务许可证", "A News account needs its internet news information service licence").Current);
        RuleFor(x => x.Licence!.Number).NotEmpty().MaximumLength(50).When(x => x.Licence is not null)
            .WithMessage(_ => new LocalizedText("须填写许可证编号（50 字以内）", "Give the licence number (up to 50 characters)").Current);
        RuleFor(x => x.Licence!.Issuer).NotEmpty().MaximumLength(100).When(x => x.Licence is not null)
            .WithMessage(_ => new LocalizedText("须填写发证机关（100 字以内）", "Give the issuer (up to 100 characters)").Current);
        RuleFor(x => x.Licence!.ValidTo).GreaterThan(x => x.Licence!.ValidFrom).When(x => x.Licence is not null)
            .WithMessage(_ => new LocalizedText("须填写生效日期和有效期至，且有效期至晚于生效日期", "Give the licence's dates, the end after the start").Current);
    }
}

internal sealed class RegisterAccountHandler(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time, IOfficeClock clock)
    : IRequestHandler<RegisterAccount, AccountView>
{
    public async Task<AccountView> Handle(RegisterAccount command, CancellationToken ct)
    {
        var place = await scope.PlaceOfAsync(command.OwnerUnitId, ct);
        if (place is null || !await scope.CoversAsync(place.Path, ct))
            throw new RuleViolationException("ownerUnitId", "组织机构不存在或不在本单位范围内", "The org unit does not exist or is outside your unit");
        var sibling = await (await session.QueryInScopeAsync<Account>(scope, ct)).AnyAsync(a => a.OwnerUnitId == command.OwnerUnitId && a.Platform == command.Platform
            && a.Status.IsOneOf(AccountRules.Live), ct);
        var refused = AccountRules.Check(command, sibling, clock.Today).ToList();
        if (refused.Count > 0) throw new RuleViolationException(refused);
        var account = AccountRules.New(command, place, sibling, caller.Login, time.GetUtcNow());
        session.Store(account);
        await session.SaveChangesAsync(ct);
        return AccountView.Of(account);
    }
}

/// <summary>The registry's rules, shared by the form, the API and the workbook.</summary>
internal static class AccountRules
{
    public static readonly AccountStatus[] Live = [AccountStatus.Applied, AccountStatus.Filed, AccountStatus.Active, AccountStatus.Suspended];

    /// <summary>What the validator cannot know: an expired licence, and a second account on a platform without a reason.</summary>
    public static IEnumerable<Violation> Check(RegisterAccount command, bool unitHasOneOnPlatform, DateOnly today)
    {
        if (command.Category == AccountCategory.News && command.Licence is { } licence && licence.ValidTo < today)
            yield return new("licence.validTo", $"许可证已于 {licence.ValidTo:yyyy-MM-dd} 过期", $"The licence expired on {licence.ValidTo:yyyy-MM-dd}");
        if (unitHasOneOnPlatform && string.IsNullOrWhiteSpace(command.SecondAccountReason))
            yield return new("secondAccountReason", "本单位在该平台已有账号，开设第二个账号须说明理由", "The unit already has an account on this platform: state why it needs a second");
    }

    public static Account New(RegisterAccount command, OrgPlace place, bool second, string by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), Name = command.Name.Trim(), Platform = command.Platform, Handle = command.Handle.Trim(),
        Category = command.Category, OwnerUnitId = command.OwnerUnitId, UnitPath = place.Path, OwnerLevel = place.Level,
        Operators = command.Operators?.ToList() ?? [], Verified = command.Verified, Licence = command.Licence,
        Status = AccountStatus.Applied, SecondAccountReason = second ? command.SecondAccountReason!.Trim() : null, CreatedAt = now,
        History = [new AccountEvent(now, AccountStatus.Applied, by, null)],
    };
}

/// <summary>The lifecycle: Applied → Filed (by the level above) → Active ⇄ Suspended → Merged (into another account)
/// or Closed (with a reason). Every step is kept in the account's history.</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record ChangeAccountStatus(Guid Id, AccountStatus To, string? Note, Guid? MergedInto) : ICommand<AccountView>;

internal sealed class ChangeAccountStatusValidator : AbstractValidator<ChangeAccountStatus>
{
    public ChangeAccountStatusValidator()
    {
        RuleFor(x => x.To).IsInEnum();
        RuleFor(x => x.Note).MaximumLength(500);
        RuleFor(x => x.Note).NotEmpty().When(x => x.To == AccountStatus.Closed)
            .WithMessage(_ => new LocalizedText("关闭账号须说明原因", "Closing an account needs a reason").Current);
        RuleFor(x => x.MergedInto).NotNull().When(x => x.To == AccountStatus.Merged)
            .WithMessage(_ => new LocalizedText("须指明并入的账号", "Name the account it merges into").Current);
    }
}

internal sealed class ChangeAccountStatusHandler(IDocumentSession session, ICallerScope scope, ICaller caller, IOutbox outbox, TimeProvider clock)
    : IRequestHandler<ChangeAccountStatus, AccountView>
{
    private static readonly Dictionary<AccountStatus, AccountStatus[]> Allowed = new()
    {
        [AccountStatus.Applied] = [AccountStatus.Filed, AccountStatus.Closed],
        [AccountStatus.Filed] = [AccountStatus.Active, AccountStatus.Closed],
        [AccountStatus.Active] = [AccountStatus.Suspended, AccountStatus.Merged, AccountStatus.Closed],
        [AccountStatus.Suspended] = [AccountStatus.Active, AccountStatus.Merged, AccountStatus.Closed],
        [AccountStatus.Merged] = [],
        [AccountStatus.Closed] = [],
    };

    public async Task<AccountView> Handle(ChangeAccountStatus command, CancellationToken ct)
    {
        var account = await session.LoadInScopeOrThrowAsync<Account>(scope, command.Id, "account", ct);
        if (!Allowed[account.Status].Contains(command.To))
        {
            var (now, next) = (AccountText.StatusNames(account.Status), AccountText.StatusNames(command.To));
            throw new RuleViolationException("to", $"账号状态不能从“{now.Zh}”变为“{next.Zh}”", $"An account cannot go from {now.En} to {next.En}");
        }
        // Filing is the approval of the level above: not by the owner unit itself.
        if (command.To == AccountStatus.Filed && account.UnitPath == await scope.CallerPathAsync(ct))
            throw new RuleViolationException("to", "备案须由上级单位审核", "Filing is approved by the level above the owner");
        if (command.To == AccountStatus.Merged)
        {
            var target = await session.LoadInScopeAsync<Account>(scope, command.MergedInto!.Value, ct);
            if (target is null || target.Id == account.Id || target.Status is AccountStatus.Merged or AccountStatus.Closed)
                throw new RuleViolationException("mergedInto", "并入的账号不存在或已关闭", "The account to merge into does not exist or is closed");
            account.MergedInto = target.Id;
        }
        var from = account.Status;
        account.Status = command.To;
        account.History.Add(new AccountEvent(clock.GetUtcNow(), command.To, caller.Login, command.Note?.Trim()));
        session.Store(account);
        outbox.Publish(session, new AccountStatusChanged(account.Id, account.Name, new OrgUnitId(account.OwnerUnitId), from.ToString(), command.To.ToString()));
        await session.SaveChangesAsync(ct);
        return AccountView.Of(account);
    }
}

/// <summary>The accounts of the caller's subtree (those whose name holds <paramref name="Name"/>, when given); a unit's
/// second account on a platform is flagged.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ListAccounts(AccountPlatform? Platform, AccountStatus? Status, int Page, int PageSize, string? Name = null) : IRequest<Page<AccountView>>;

internal sealed class ListAccountsValidator : AbstractValidator<ListAccounts>
{
    public ListAccountsValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 500);
        RuleFor(x => x.Name).MaximumLength(100);
    }
}

internal sealed class ListAccountsHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListAccounts, Page<AccountView>>
{
    public async Task<Page<AccountView>> Handle(ListAccounts query, CancellationToken ct)
    {
        var accounts = (await session.QueryInScopeAsync<Account>(scope, ct));
        if (query.Platform is { } platform) accounts = accounts.Where(a => a.Platform == platform);
        if (query.Status is { } status) accounts = accounts.Where(a => a.Status == status);
        if (!string.IsNullOrWhiteSpace(query.Name)) { var name = query.Name.Trim(); accounts = accounts.Where(a => a.Name.Contains(name)); }
        var total = await accounts.CountAsync(ct);
        var page = await accounts.OrderBy(a => a.Name).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new Page<AccountView>(page.Select(AccountView.Of).ToList(), query.Page, query.PageSize, total);
    }
}

/// <summary>One account of the caller's subtree, with its history.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetAccountDetail(Guid Id) : IRequest<AccountView>;

internal sealed class GetAccountDetailHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<GetAccountDetail, AccountView>
{
    public async Task<AccountView> Handle(GetAccountDetail query, CancellationToken ct) =>
        AccountView.Of(await session.LoadInScopeAsync<Account>(scope, query.Id, ct) is { } a
            ? a : throw new NotFoundException("account", query.Id.ToString()));
}

/// <summary>Answers the contract <see cref="GetAccount"/> for other modules.</summary>
internal sealed class GetAccountHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<GetAccount, AccountInfo?>
{
    public async Task<AccountInfo?> Handle(GetAccount query, CancellationToken ct)
    {
        var account = await session.LoadInScopeAsync<Account>(scope, query.Id, ct);
        return account is null ? null
            : new AccountInfo(account.Id, account.Name, account.Platform.ToString(), new OrgUnitId(account.OwnerUnitId));
    }
}

/// <summary>Answers the contract <see cref="GetAccountsOfUnit"/>.</summary>
internal sealed class GetAccountsOfUnitHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<GetAccountsOfUnit, IReadOnlyList<AccountInfo>>
{
    public async Task<IReadOnlyList<AccountInfo>> Handle(GetAccountsOfUnit query, CancellationToken ct)
    {
        var place = await scope.PlaceOfAsync(query.Unit.Value, ct);
        if (place is null || !await scope.CoversAsync(place.Path, ct)) return [];
        var path = place.Path;
        return (await (await session.QueryInScopeAsync<Account>(scope, ct)).Where(a => a.UnitPath.StartsWith(path) && !a.Status.IsOneOf(AccountStatus.Merged, AccountStatus.Closed))
                .OrderBy(a => a.Name).ToListAsync(ct))
            .Select(a => new AccountInfo(a.Id, a.Name, a.Platform.ToString(), new OrgUnitId(a.OwnerUnitId))).ToList();
    }
}

internal static class RegistryEndpoints
{
    public sealed record StatusBody(AccountStatus To, string? Note, Guid? MergedInto);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/accounts", async (RegisterAccount command, IMediator mediator, CancellationToken ct) =>
            {
                var account = await mediator.Send(command, ct);
                return Results.Created($"/api/account-matrix/accounts/{account.Id}", account);
            })
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Register an account (Applied)")
            .Produces<AccountView>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapPost("/accounts/{id:guid}/status", async (Guid id, StatusBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ChangeAccountStatus(id, body.To, body.Note, body.MergedInto), ct)))
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Move an account along its lifecycle")
            .Produces<AccountView>().ProducesValidationProblem();
        routes.MapGet("/accounts", async (AccountPlatform? platform, AccountStatus? status, int? page, int? pageSize, string? name, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListAccounts(platform, status, page ?? 1, pageSize ?? 50, name), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("Accounts of the caller's subtree").Produces<Page<AccountView>>();
        routes.MapGet("/accounts/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetAccountDetail(id), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("One account with its history").Produces<AccountView>();
    }
}
