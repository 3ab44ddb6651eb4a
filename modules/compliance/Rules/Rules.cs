using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.Compliance.Rules;

public sealed record RuleLink(Guid Id, string Title, string DocumentNumber);

public sealed record RuleVersionView(int Number, string By, DateTimeOffset At, string? Note, Guid? File, string? FileName, int Length);

public sealed record RuleView(Guid Id, string DocumentNumber, string Title, string IssuingBody, DateOnly? IssuedOn, DateOnly? EffectiveOn,
    DateOnly? RepealedOn, RuleStatus Status, RuleLink? SupersededBy, IReadOnlyList<RuleLink> Supersedes, IReadOnlyList<UnitName> Units,
    string KeeperName, bool Editable, string Text, IReadOnlyList<RuleVersionView> Versions);

public sealed record UnitName(Guid Id, string Name);

public sealed record RuleHit(Guid Id, string DocumentNumber, string Title, string IssuingBody, RuleStatus Status, DateOnly? IssuedOn,
    string KeeperName, bool TitleHit, IReadOnlyList<TextPiece> Excerpt);

public sealed record RuleDiffView(Guid Id, string Title, int From, int To, IReadOnlyList<DiffLine> Lines);

/// <summary>Keeps a rule (制度), new (no id) or changed, for the caller's office. The full text is typed, or read from an
/// uploaded Word document (<see cref="Docx"/>, kept with the version); a changed text makes a new version.</summary>
[RequiresPermission(CompliancePermissions.Rules)]
internal sealed record SaveRule(Guid? Id, string DocumentNumber, string Title, string IssuingBody, DateOnly? IssuedOn, DateOnly? EffectiveOn,
    DateOnly? RepealedOn, RuleStatus Status, Guid? SupersededBy, string? Text, IReadOnlyList<Guid>? Units, string? Note) : ICommand<RuleView>
{
    public byte[]? Docx { get; init; }
    public string? DocxName { get; init; }
}

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record GetRule(Guid Id) : IRequest<RuleView>;

/// <summary>The rules the caller reads (its subtree's and those of the offices above it): with <see cref="Query"/>, those
/// holding every word of it, title hits first, each with a marked excerpt; without, the newest first.</summary>
[RequiresPermission(CompliancePermissions.Read)]
internal sealed record SearchRules(string? Query = null, RuleStatus? Status = null, int Page = 1, int PageSize = 20) : IRequest<Page<RuleHit>>;

/// <summary>What the list shows with the same search and status, every row of it (up to 10,000), for Excel.</summary>
[RequiresPermission(CompliancePermissions.Read)]
internal sealed record ExportRules(string? Query = null, RuleStatus? Status = null) : IRequest<IReadOnlyList<RuleHit>>;

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record CompareRuleVersions(Guid Id, int From, int To) : IRequest<RuleDiffView>;

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record GetRuleFile(Guid Id, Guid FileId) : IRequest<(StoredFiles.Info Info, byte[] Content)>;

internal sealed class SaveRuleValidator : AbstractValidator<SaveRule>
{
    public SaveRuleValidator()
    {
        RuleFor(x => x.DocumentNumber).MaximumLength(100);
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.IssuingBody).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Status).IsInEnum();
        RuleFor(x => x.Text).MaximumLength(200_000);
        RuleFor(x => x.Note).MaximumLength(500);
        RuleFor(x => x.Units).Must(u => u is null || u.Count <= 200);
        RuleFor(x => x.DocxName).MaximumLength(200);
        RuleFor(x => x.Docx).Must(d => d is null || d.Length <= StoredFiles.MaxBytes).OverridePropertyName("file")
            .WithMessage(_ => new LocalizedText("Word 文件不能超过 10 MB", "The Word document must not exceed 10 MB").Current);
        RuleFor(x => x.EffectiveOn).NotNull().When(x => x.Status is RuleStatus.Effective)
            .WithMessage(_ => new LocalizedText("现行有效的制度须填写施行日期", "An effective rule needs the date it took effect").Current);
        RuleFor(x => x.RepealedOn).NotNull().When(x => x.Status is RuleStatus.Repealed or RuleStatus.Superseded)
            .WithMessage(_ => new LocalizedText("已废止或被替代的制度须填写废止日期", "A repealed or superseded rule needs the date it ended").Current);
        RuleFor(x => x.SupersededBy).NotNull().When(x => x.Status is RuleStatus.Superseded)
            .WithMessage(_ => new LocalizedText("请选择替代它的制度", "Choose the rule that replaced it").Current);
        RuleFor(x => x.EffectiveOn).Must((x, d) => x.IssuedOn is null || d >= x.IssuedOn).When(x => x.EffectiveOn is not null)
            .WithMessage(_ => new LocalizedText("施行日期不能早于印发日期", "It cannot take effect before it was issued").Current);
        RuleFor(x => x.RepealedOn).Must((x, d) => (x.EffectiveOn ?? x.IssuedOn) is not { } start || d >= start).When(x => x.RepealedOn is not null)
            .WithMessage(_ => new LocalizedText("废止日期不能早于施行日期", "It cannot end before it took effect").Current);
    }
}

internal sealed class RuleHandlers(IDocumentSession session, IDocumentStore store, ICallerScope scope, ICaller caller, TimeProvider time, IMediator mediator)
    : IRequestHandler<SaveRule, RuleView>, IRequestHandler<GetRule, RuleView>, IRequestHandler<SearchRules, Page<RuleHit>>,
      IRequestHandler<CompareRuleVersions, RuleDiffView>, IRequestHandler<GetRuleFile, (StoredFiles.Info, byte[])>,
      IRequestHandler<ExportRules, IReadOnlyList<RuleHit>>
{
    public async Task<RuleView> Handle(SaveRule command, CancellationToken ct)
    {
        var office = await scope.OfficeOfCallerAsync(caller, "keeper", ct);
        var rule = command.Id is { } id ? await LoadAsync(id, ct) : new Rule { Id = Guid.CreateVersion7() };
        if (command.Id is not null && !await scope.CoversAsync(rule.UnitPath, ct))
            throw new RuleViolationException("keeper", $"本制度由{rule.KeeperName}维护，不能在此修改", $"{rule.KeeperName} keeps this rule; it cannot be changed here");
        var text = command.Docx is { Length: > 0 } docx ? RuleDocx.TextOf(docx) : (command.Text ?? "").Replace("\r\n", "\n").Trim();
        if (text.Length == 0) throw new RuleViolationException("text", "请填写全文或上传 Word 文件", "Type the full text or upload a Word document");
        if (text.Length > 200_000) throw new RuleViolationException("text", "全文不能超过 200000 字", "The full text must not exceed 200,000 characters");
        if (command.SupersededBy is { } by)
        {
            if (by == rule.Id) throw new RuleViolationException("supersededBy", "制度不能替代它自己", "A rule cannot replace itself");
            if (await session.LoadInScopeOrAboveAsync<Rule>(scope, by, ct) is null)
                throw new RuleViolationException("supersededBy", "所选制度不存在或不在本单位范围内", "The rule chosen does not exist or is outside your part of the tree");
        }
        var units = new List<Guid>();
        foreach (var u in (command.Units ?? []).Distinct()) units.Add((await scope.UsableAsync(u, "units", ct)).Id);

        if (command.Id is null)
        {
            // Kept by the caller's office: its county (or the city), whose whole subtree reads it.
            (rule.Keeper, rule.KeeperName, rule.UnitPath) = (office.Id, office.Name, office.Path);
        }
        var now = time.GetUtcNow();
        (rule.DocumentNumber, rule.Title, rule.IssuingBody) = (command.DocumentNumber.Trim(), command.Title.Trim(), command.IssuingBody.Trim());
        (rule.IssuedOn, rule.EffectiveOn, rule.RepealedOn, rule.Status) = (command.IssuedOn, command.EffectiveOn, command.RepealedOn, command.Status);
        (rule.SupersededBy, rule.Units, rule.UpdatedAt) = (command.Status == RuleStatus.Superseded ? command.SupersededBy : null, units, now);
        if (text != rule.Text || command.Docx is { Length: > 0 })
        {
            Guid? file = null;
            string? name = null;
            if (command.Docx is { Length: > 0 } original)
            {
                name = Path.GetFileName((command.DocxName ?? "").Trim()) is { Length: > 0 } n ? n : $"{rule.Title}.docx";
                file = await StoredFiles.StoreAsync(session, rule.Id, name, StoredFiles.TypeOf(original, "x.docx")!, original, caller.Login, now, ct);
            }
            rule.Versions.Add(new RuleVersion(rule.Versions.Count + 1, text, caller.Login, now, string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(),
                file, name));
        }
        session.Store(rule);
        await RuleIndex.WriteAsync(session, rule, ct);
        await session.SaveChangesAsync(ct);
        return await ViewAsync(rule, ct);
    }

    public async Task<RuleView> Handle(GetRule query, CancellationToken ct) => await ViewAsync(await LoadAsync(query.Id, ct), ct);

    public Task<Page<RuleHit>> Handle(SearchRules query, CancellationToken ct) => SearchAsync(query, Math.Clamp(query.PageSize, 1, 100), ct);

    /// <summary>The rules a search (or the newest-first list) keeps, all of them up to <see cref="Workbooks.MaxRows"/>, for Excel.</summary>
    public async Task<IReadOnlyList<RuleHit>> Handle(ExportRules query, CancellationToken ct) =>
        (await SearchAsync(new SearchRules(query.Query, query.Status), Workbooks.MaxRows, ct)).Items;

    private async Task<Page<RuleHit>> SearchAsync(SearchRules query, int size, CancellationToken ct)
    {
        var page = Math.Max(1, query.Page);
        if (string.IsNullOrWhiteSpace(query.Query))
        {
            var all = await session.QueryInScopeOrAboveAsync<Rule>(scope, ct);
            if (query.Status is { } status) all = all.Where(r => r.Status == status);
            var total = await all.CountAsync(ct);
            var newest = await all.OrderByDescending(r => r.IssuedOn).ThenBy(r => r.Title).Skip((page - 1) * size).Take(size).ToListAsync(ct);
            return new Page<RuleHit>(newest.Select(r => Hit(r, false, [])).ToList(), page, size, total);
        }
        var terms = RuleIndex.Terms(query.Query)
            ?? throw new RuleViolationException("q", "请输入至少两个字的检索词（单个字无法检索）", "Type a word of two characters or more (a single character cannot be searched)");
        var path = await scope.CallerPathAsync(ct);
        await using var connection = await StoredFiles.OpenAsync(store, ct);
        var table = store.Options.FindOrResolveDocumentType(typeof(Rule)).TableName.QualifiedName;
        var (hits, count) = await RuleIndex.SearchAsync(connection, table, path, ScopedQueries.Above(path), terms, query.Status, (page - 1) * size, size, ct);
        var ids = hits.Select(h => h.Id).ToArray();
        var rules = (await (await session.QueryInScopeOrAboveAsync<Rule>(scope, ct)).Where(r => r.Id.IsOneOf(ids)).ToListAsync(ct)).ToDictionary(r => r.Id);
        return new Page<RuleHit>(hits.Where(h => rules.ContainsKey(h.Id))
            .Select(h => Hit(rules[h.Id], h.TitleTerms > 0, RuleIndex.Excerpt(rules[h.Id].Text, terms))).ToList(), page, size, count);
    }

    public async Task<RuleDiffView> Handle(CompareRuleVersions query, CancellationToken ct)
    {
        var rule = await LoadAsync(query.Id, ct);
        string Of(int n, string field) => rule.Versions.FirstOrDefault(v => v.Number == n)?.Text
            ?? throw new RuleViolationException(field, $"没有第 {n} 版", $"There is no version {n}");
        var (from, to) = (Of(query.From, "from"), Of(query.To, "to"));
        return new RuleDiffView(rule.Id, rule.Title, query.From, query.To, RuleDiff.Compare(from, to));
    }

    public async Task<(StoredFiles.Info, byte[])> Handle(GetRuleFile query, CancellationToken ct)
    {
        var rule = await LoadAsync(query.Id, ct);
        return await StoredFiles.LoadAsync(store, rule.Id, query.FileId, ct) ?? throw new NotFoundException("file", query.FileId.ToString());
    }

    // A rule of the caller's subtree or of an office above it (which the caller reads but does not change).
    private async Task<Rule> LoadAsync(Guid id, CancellationToken ct) =>
        await session.LoadInScopeOrAboveAsync<Rule>(scope, id, ct) ?? throw new NotFoundException("rule", id.ToString());

    private static RuleHit Hit(Rule r, bool titleHit, IReadOnlyList<TextPiece> excerpt) =>
        new(r.Id, r.DocumentNumber, r.Title, r.IssuingBody, r.Status, r.IssuedOn, r.KeeperName, titleHit, excerpt);

    private async Task<RuleView> ViewAsync(Rule r, CancellationToken ct)
    {
        var visible = await session.QueryInScopeOrAboveAsync<Rule>(scope, ct);
        var supersedes = await visible.Where(x => x.SupersededBy == r.Id).OrderBy(x => x.Title).Take(50).ToListAsync(ct);
        var by = r.SupersededBy is { } s ? await session.LoadInScopeOrAboveAsync<Rule>(scope, s, ct) : null;
        var units = r.Units.Count == 0 ? [] : await mediator.Send(new GetOrgUnits(r.Units.Select(u => new OrgUnitId(u)).ToList()), ct);
        var logins = r.Versions.Select(v => v.By).Distinct().ToList();
        var names = logins.Count == 0 ? new Dictionary<string, string>() : await mediator.Send(new GetPeopleNames(logins), ct);
        return new RuleView(r.Id, r.DocumentNumber, r.Title, r.IssuingBody, r.IssuedOn, r.EffectiveOn, r.RepealedOn, r.Status,
            by is null ? null : new RuleLink(by.Id, by.Title, by.DocumentNumber), supersedes.Select(x => new RuleLink(x.Id, x.Title, x.DocumentNumber)).ToList(),
            units.Select(u => new UnitName(u.Id.Value, u.Name)).ToList(), r.KeeperName,
            caller.Has(CompliancePermissions.Rules) && await scope.CoversAsync(r.UnitPath, ct), r.Text,
            r.Versions.Select(v => new RuleVersionView(v.Number, names.GetValueOrDefault(v.By, ""), v.At, v.Note, v.File, v.FileName, v.Text.Length)).Reverse().ToList());
    }
}

public sealed record RuleChoices(IReadOnlyList<RuleLink> Chosen, IReadOnlyList<RuleLink> Found, bool More);

/// <summary>For a picker: the chosen rules and those whose title or number holds the text (the newest 30 without one).</summary>
[RequiresPermission(CompliancePermissions.Read)]
internal sealed record PickRules(string? Query, IReadOnlyList<Guid> Chosen, Guid? Except) : IRequest<RuleChoices>;

internal sealed class PickRulesHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<PickRules, RuleChoices>
{
    private const int Shown = 30;

    public async Task<RuleChoices> Handle(PickRules query, CancellationToken ct)
    {
        var visible = await session.QueryInScopeOrAboveAsync<Rule>(scope, ct);
        var ids = query.Chosen.ToArray();
        var chosen = ids.Length == 0 ? [] : await visible.Where(r => r.Id.IsOneOf(ids)).ToListAsync(ct);
        var except = query.Except ?? Guid.Empty;
        var found = visible.Where(r => r.Id != except);
        if (!string.IsNullOrWhiteSpace(query.Query))
        {
            var text = query.Query.Trim();
            found = found.Where(r => r.Title.Contains(text) || r.DocumentNumber.Contains(text));
        }
        var list = await found.OrderByDescending(r => r.IssuedOn).ThenBy(r => r.Title).Take(Shown + 1).ToListAsync(ct);
        static RuleLink Link(Rule r) => new(r.Id, r.Title, r.DocumentNumber);
        return new RuleChoices(chosen.Select(Link).ToList(), list.Take(Shown).Select(Link).ToList(), list.Count > Shown);
    }
}
