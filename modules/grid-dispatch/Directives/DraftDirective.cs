namespace NetInfoSuite.Modules.GridDispatch.Directives;

public sealed record DirectiveView(Guid Id, string Title, string Body, IReadOnlyList<string> Links, IReadOnlyList<string> Attachments,
    DirectiveCategory Category, Urgency Urgency, DateTimeOffset? Deadline, DirectiveTarget Target, DeliveryMode Delivery,
    DirectiveStatus Status, Guid IssuerUnitId, string CreatedBy, DateTimeOffset CreatedAt, string? ApprovedBy,
    DateTimeOffset? IssuedAt, int Tasks, string? CapIdentifier)
{
    internal static DirectiveView Of(Directive d) => new(d.Id, d.Title, d.Body, d.Links, d.Attachments, d.Category, d.Urgency,
        d.Deadline, d.Target, d.Delivery, d.Status, d.IssuerUnitId, d.CreatedBy, d.CreatedAt, d.ApprovedBy, d.IssuedAt, d.Tasks, d.CapIdentifier);
}

/// <summary>A new directive, as a draft of the caller's unit. No deadline: the urgency's default from the moment of issue.</summary>
[RequiresPermission(GridDispatchPermissions.Draft)]
internal sealed record DraftDirective(string Title, string Body, IReadOnlyList<string>? Links, IReadOnlyList<string>? Attachments,
    DirectiveCategory Category, Urgency Urgency, DateTimeOffset? Deadline, DirectiveTarget? Target, DeliveryMode Delivery)
    : ICommand<DirectiveView>
{
    /// <summary>Set by the CAP import, never from a request body: the alert's identifier. The unit's draft of the
    /// same alert is brought up to date instead of a second one being made.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? CapIdentifier { get; init; }
}

internal sealed class DraftDirectiveValidator : AbstractValidator<DraftDirective>
{
    public DraftDirectiveValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Body).NotEmpty().MaximumLength(20_000);
        RuleFor(x => x.Category).IsInEnum();
        RuleFor(x => x.Urgency).IsInEnum();
        RuleFor(x => x.Delivery).IsInEnum();
        RuleForEach(x => x.Links).Must(l => Uri.TryCreate(l, UriKind.Absolute, out var u) && u.Scheme is "http" or "https")
            .WithMessage(_ => new LocalizedText("链接须为 http(s) 网址", "A link must be an http(s) address").Current);
        RuleFor(x => x.Links).Must(l => l is null || l.Count <= 20);
        RuleFor(x => x.Attachments).Must(a => a is null || a.Count <= 20);
        RuleForEach(x => x.Target!.Kinds).IsInEnum().When(x => x.Target?.Kinds is not null);
        RuleFor(x => x.Target!.Groups).Must(g => g is null || g.Count <= 10_000).When(x => x.Target is not null);
        RuleFor(x => x.Target!.OrgUnits).Must(u => u is null || u.Count <= 1_000).When(x => x.Target is not null);
    }
}

internal sealed class DraftDirectiveHandler(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider clock)
    : IRequestHandler<DraftDirective, DirectiveView>
{
    public async Task<DirectiveView> Handle(DraftDirective command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (command.Deadline is { } deadline && deadline <= now)
            throw new RuleViolationException("deadline", "截止时间须晚于现在", "The deadline must be in the future");
        var issuerPath = await scope.CallerPathAsync(ct);
        var tier = caller.OrgUnit is { } own && await scope.PlaceOfAsync(own.Value, ct) is { } place ? FanOut.TierOf(place.Level) : null;
        // Relay rows exist for counties and streets only: a province's directive would wait for cities no row lets sign.
        if (tier == 0 && command.Delivery == DeliveryMode.Relay)
            throw new RuleViolationException("delivery", "省级指令暂只能直达网格群，不能逐级转发",
                "A province's directive goes straight to the groups for now; it cannot be relayed level by level");
        var directive = command.CapIdentifier is { } cap
            ? await session.Query<Directive>().FirstOrDefaultAsync(d => d.CapIdentifier == cap && d.IssuerPath == issuerPath, ct)
            : null;
        if (directive is not null && directive.Status != DirectiveStatus.Draft)
            throw new RuleViolationException("file", $"预警 {command.CapIdentifier} 的指令{DirectiveText.StatusText(directive.Status).ZhCn}，不能再由预警更新",
                $"The directive of alert {command.CapIdentifier} is {DirectiveText.StatusText(directive.Status).En.ToLowerInvariant()} already; the alert can no longer change it");
        directive ??= new Directive
        {
            Id = Guid.CreateVersion7(), CapIdentifier = command.CapIdentifier, CreatedAt = now,
            IssuerUnitId = caller.OrgUnit?.Value ?? Guid.Empty, IssuerPath = issuerPath,
        };
        directive.IssuerTier = tier;
        // The latest author (for an alert: its latest import) is the drafter whom four eyes keep from approving.
        directive.Title = command.Title.Trim();
        directive.Body = command.Body;
        directive.Links = command.Links?.ToList() ?? [];
        directive.Attachments = command.Attachments?.ToList() ?? [];
        directive.Category = command.Category;
        directive.Urgency = command.Urgency;
        directive.Deadline = command.Deadline?.ToUniversalTime();
        directive.Target = Complete(command.Target);
        directive.Delivery = command.Delivery;
        directive.CreatedBy = caller.Login;
        await CheckTargetAsync(directive.Target, ct);
        session.Store(directive);
        await session.SaveChangesAsync(ct);
        return DirectiveView.Of(directive);
    }

    // A draft names only units and groups of the caller's subtree (issuing would refuse them later; a draft of another
    // unit's groups must not exist at all).
    private async Task CheckTargetAsync(DirectiveTarget target, CancellationToken ct)
    {
        foreach (var unit in target.OrgUnits.Distinct())
            if (await scope.PlaceOfAsync(unit, ct) is not { } place || !await scope.CoversAsync(place.Path, ct))
                throw new RuleViolationException("target.orgUnits", "指令范围中有单位不存在或不在本单位范围内",
                    "A unit of the target does not exist or is outside your unit");
        var groups = target.Groups.Distinct().ToArray();
        if (groups.Length > 0 && await (await session.QueryInScopeAsync<GridGroup>(scope, ct)).CountAsync(g => g.Id.IsOneOf(groups), ct) != groups.Length)
            throw new RuleViolationException("target.groups", "指令范围中有网格群不存在或不在本单位范围内",
                "A group of the target does not exist or is outside your unit");
    }

    // A target may name only some of its lists (e.g. {"orgUnits": [...]}): the others are empty, not missing.
    private static DirectiveTarget Complete(DirectiveTarget? t) => t is null ? DirectiveTarget.Everything
        : new DirectiveTarget(t.OrgUnits ?? [], t.Kinds ?? [], t.Groups ?? [], t.Accounts ?? []);
}

/// <summary>Loads a directive the caller may see: one issued at or below their unit, or one reaching it.</summary>
internal static class Directives
{
    public static async Task<Directive> LoadAsync(IQuerySession session, ICallerScope scope, Guid id, CancellationToken ct)
    {
        var directive = await session.LoadAsync<Directive>(id, ct);
        var mine = await scope.CallerPathAsync(ct);
        // One from a level above reaches the caller only once issued: its drafts are that level's business.
        if (directive is null || !(directive.IssuerPath.StartsWith(mine, StringComparison.Ordinal) ||
                                   (mine.StartsWith(directive.IssuerPath, StringComparison.Ordinal) && directive.Status == DirectiveStatus.Issued)))
            throw new NotFoundException("directive", id.ToString());
        return directive;
    }

    /// <summary>Changing a directive belongs to its issuing unit (or above).</summary>
    public static async Task<Directive> LoadOwnAsync(IQuerySession session, ICallerScope scope, Guid id, CancellationToken ct)
    {
        var directive = await LoadAsync(session, scope, id, ct);
        if (!directive.IssuerPath.StartsWith(await scope.CallerPathAsync(ct), StringComparison.Ordinal))
            throw new NotFoundException("directive", id.ToString());
        return directive;
    }
}
