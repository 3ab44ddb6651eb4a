using NetInfoSuite.Modules.Inspection.Plans;

namespace NetInfoSuite.Modules.Inspection.Scoring;

public sealed record ScoreRow(Guid Unit, string UnitName, double Base, double Bonus, double Total, string Grade, bool Vetoed, int Rank, int Pending,
    bool Final, double? LastYear, IReadOnlyDictionary<Guid, double?> Points, IReadOnlyList<Guid> FailedVetoes);

public sealed record GroupSheet(Guid Id, string Name, IReadOnlyList<ScoreRow> Rows);

/// <summary>A plan's scores: every target per group, ranked within it (a veto ranks after every target that passed).</summary>
public sealed record ScoreSheet(PlanView Plan, IReadOnlyList<GroupSheet> Groups);

/// <summary>One indicator on a card: the figure and where it came from, the points and the inspector's entry.</summary>
public sealed record CardEntry(IndicatorView Indicator, double? Value, string? Note, string? Origin, bool Unavailable, double? Points, EntryState? State,
    double? Score, int Findings, bool Vetoed, string? Comment, string? Evidence, string? By, DateTimeOffset? At, IReadOnlyList<EvidenceRef> Files);

/// <summary>A file to attach as evidence: its name as uploaded and its bytes.</summary>
public sealed record EvidenceUpload(string Name, byte[] Content);

public sealed record CardView(Guid Plan, string PlanName, int Year, DateOnly From, DateOnly To, PlanStatus PlanStatus, Guid Unit, string UnitName,
    string GroupName, IReadOnlyList<CardEntry> Entries, double Base, double Bonus, double Total, string Grade, bool Vetoed, int Rank, int GroupSize,
    int Pending, double FullMarks, bool Final, DateTimeOffset? FinalisedAt, string? FinalisedBy, double? LastYear);

[RequiresPermission(InspectionPermissions.Read)]
internal sealed record GetScoreSheet(Guid Id) : IRequest<ScoreSheet>;

/// <summary>A problem a bulletin reports: a failed veto or points deducted, with the inspector's comment.</summary>
public sealed record BulletinProblem(string UnitName, string Indicator, double Deducted, bool Vetoed, int Findings, string? Comment);

public sealed record BulletinView(ScoreSheet Sheet, IReadOnlyList<BulletinProblem> Problems);

/// <summary>通报: the sheet's ranking with the problems found (failed vetoes and deductions), for the print view.</summary>
[RequiresPermission(InspectionPermissions.Read)]
internal sealed record GetBulletin(Guid Id) : IRequest<BulletinView>;

[RequiresPermission(InspectionPermissions.Read)]
internal sealed record GetScoreCard(Guid Id, Guid Unit) : IRequest<CardView>;

/// <summary>An inspector's entry for one indicator of one target: a score (manual, bonus, or a missing module's
/// fallback), the findings of a deduction, a veto's failure; with a comment and an evidence link.</summary>
[RequiresPermission(InspectionPermissions.Score)]
internal sealed record EnterScore(Guid Id, Guid Unit, Guid Indicator, double? Score, int Findings, bool Vetoed, string? Comment, string? Evidence,
    IReadOnlyList<EvidenceUpload>? Files = null) : ICommand<CardView>;

/// <summary>佐证材料: attaches files (PDF, images, Word, Excel; 10 MB each) to one indicator of a target's open card.</summary>
[RequiresPermission(InspectionPermissions.Score)]
internal sealed record AttachEvidence(Guid Id, Guid Unit, Guid Indicator, IReadOnlyList<EvidenceUpload> Files) : ICommand<CardView>;

/// <summary>An evidence file of a card in the caller's subtree.</summary>
[RequiresPermission(InspectionPermissions.Read)]
internal sealed record GetEvidence(Guid Id, Guid File) : IRequest<EvidenceFile>;

/// <summary>Finalises a target's card: the figures are read once more and kept; from then on the card does not change.</summary>
[RequiresPermission(InspectionPermissions.Score)]
internal sealed record FinaliseCard(Guid Id, Guid Unit) : ICommand<CardView>;

/// <summary>Publishes the plan's results: every card not yet finalised is finalised now, and the plan no longer changes.</summary>
[RequiresPermission(InspectionPermissions.Publish)]
internal sealed record PublishResults(Guid Id) : ICommand<ScoreSheet>;

internal sealed class EnterScoreValidator : AbstractValidator<EnterScore>
{
    public EnterScoreValidator()
    {
        RuleFor(x => x.Score).InclusiveBetween(0, 1000);
        RuleFor(x => x.Findings).InclusiveBetween(0, 1000);
        RuleFor(x => x.Comment).MaximumLength(2_000);
        RuleFor(x => x.Evidence).MaximumLength(2_000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            .When(x => !string.IsNullOrWhiteSpace(x.Evidence))
            .WithMessage(_ => new LocalizedText("证据链接须为 http(s) 网址", "The evidence link must be an http(s) address").Current);
        RuleForEach(x => x.Files).SetValidator(new EvidenceUploadValidator());
    }
}

internal sealed class AttachEvidenceValidator : AbstractValidator<AttachEvidence>
{
    public AttachEvidenceValidator()
    {
        RuleFor(x => x.Files).NotEmpty().WithMessage(_ => new LocalizedText("请选择文件", "Choose a file").Current);
        RuleForEach(x => x.Files).SetValidator(new EvidenceUploadValidator());
    }
}

internal sealed class EvidenceUploadValidator : AbstractValidator<EvidenceUpload>
{
    public EvidenceUploadValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Content).Must(c => c.Length is > 0 and <= EvidenceFile.MaxBytes)
            .WithMessage(_ => new LocalizedText("佐证文件不能为空，也不能超过 10 MB", "An evidence file must not be empty or exceed 10 MB").Current)
            .Must((f, c) => NetInfoSuite.Ui.FileKinds.Of(c, f.Name) is not null)
            .WithMessage(_ => new LocalizedText("佐证文件须为 PDF、图片（PNG、JPEG、WebP）、Word 或 Excel 文件", "Evidence must be a PDF, an image (PNG, JPEG, WebP), Word or Excel file").Current);
    }
}

internal sealed class ScoreHandlers(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time, FigureReader reader,
    IMediator mediator)
    : IRequestHandler<GetScoreSheet, ScoreSheet>, IRequestHandler<GetScoreCard, CardView>, IRequestHandler<EnterScore, CardView>,
      IRequestHandler<AttachEvidence, CardView>, IRequestHandler<GetEvidence, EvidenceFile>,
      IRequestHandler<FinaliseCard, CardView>, IRequestHandler<PublishResults, ScoreSheet>, IRequestHandler<GetBulletin, BulletinView>
{
    public async Task<ScoreSheet> Handle(GetScoreSheet query, CancellationToken ct)
    {
        var plan = await LoadAsync(query.Id, ct);
        return await SheetAsync(plan, await CardsAsync(plan, ct), ct);
    }

    public async Task<BulletinView> Handle(GetBulletin query, CancellationToken ct)
    {
        var plan = await LoadAsync(query.Id, ct);
        var cards = await CardsAsync(plan, ct);
        var results = await ResultsAsync(plan, cards, ct);
        var sheet = await SheetAsync(plan, cards, ct);
        var indicators = PlanTree.Of(plan).ToDictionary(n => n.Indicator.Id, n => n.Indicator);
        var problems = plan.Groups.SelectMany(g => g.Units).SelectMany(unit => results[unit.Id].Entries
            .Where(e => e.State == EntryState.Failed || (indicators[e.Indicator].Method == ScoringMethod.Deduction && e.Points < indicators[e.Indicator].Points)
                // a manual score below full with the inspector's reason is a problem found too
                || (indicators[e.Indicator].Method == ScoringMethod.Manual && e.Points < indicators[e.Indicator].Points && !string.IsNullOrWhiteSpace(e.Input?.Comment)))
            .Select(e => new BulletinProblem(unit.Name, indicators[e.Indicator].Name, indicators[e.Indicator].Points - (e.Points ?? 0), e.State == EntryState.Failed,
                (e.Input?.Findings ?? 0) + (int)(e.Figure is { Unavailable: false, Value: { } v } ? v : 0), e.Input?.Comment)))
            .ToList();
        return new BulletinView(sheet, problems);
    }

    public async Task<CardView> Handle(GetScoreCard query, CancellationToken ct) => await CardAsync(await LoadAsync(query.Id, ct), query.Unit, ct);

    public async Task<CardView> Handle(EnterScore command, CancellationToken ct)
    {
        var plan = await LoadAsync(command.Id, ct);
        var (_, unit) = Target(plan, command.Unit);
        var indicator = PlanTree.Of(plan).FirstOrDefault(n => n.Indicator.Id == command.Indicator && n.Leaf)?.Indicator
            ?? throw new RuleViolationException("indicator", "方案中没有这项指标", "The plan has no such indicator");
        if (command.Score is { } score && score > indicator.Points)
            throw new RuleViolationException("score", $"得分不能超过该项分值 {indicator.Points:0.##}", $"The score cannot exceed the indicator's {indicator.Points:0.##} points");
        var card = await CardOfAsync(plan, unit, ct);
        if (card.Frozen is not null) throw new RuleViolationException("status", "该对象的考评表已确认，不能再修改", "The target's card is final and can no longer change");
        var files = card.Inputs.GetValueOrDefault(indicator.Id)?.Files ?? [];
        card.Inputs[indicator.Id] = new ScoreInput
        {
            Score = command.Score, Findings = command.Findings, Vetoed = command.Vetoed, Comment = Blank(command.Comment), Evidence = Blank(command.Evidence),
            Files = files, By = caller.Login, At = time.GetUtcNow(),
        };
        StoreEvidence(plan, card, card.Inputs[indicator.Id], command.Files ?? []);
        session.Store(card);
        await session.SaveChangesAsync(ct);
        return await CardAsync(plan, unit.Id, ct);
    }

    public async Task<CardView> Handle(AttachEvidence command, CancellationToken ct)
    {
        var plan = await LoadAsync(command.Id, ct);
        var (_, unit) = Target(plan, command.Unit);
        var indicator = PlanTree.Of(plan).FirstOrDefault(n => n.Indicator.Id == command.Indicator && n.Leaf)?.Indicator
            ?? throw new RuleViolationException("indicator", "方案中没有这项指标", "The plan has no such indicator");
        var card = await CardOfAsync(plan, unit, ct);
        if (card.Frozen is not null) throw new RuleViolationException("status", "该对象的考评表已确认，不能再修改", "The target's card is final and can no longer change");
        if (!card.Inputs.TryGetValue(indicator.Id, out var input)) card.Inputs[indicator.Id] = input = new ScoreInput { By = caller.Login, At = time.GetUtcNow() };
        StoreEvidence(plan, card, input, command.Files);
        session.Store(card);
        await session.SaveChangesAsync(ct);
        return await CardAsync(plan, unit.Id, ct);
    }

    public async Task<EvidenceFile> Handle(GetEvidence query, CancellationToken ct)
    {
        var plan = await LoadAsync(query.Id, ct);
        var file = await session.LoadInScopeAsync<EvidenceFile>(scope, query.File, ct);
        return file is not null && file.Plan == plan.Id ? file : throw new NotFoundException("file", query.File.ToString());
    }

    /// <summary>The files join the entry and are stored in the same commit as the card.</summary>
    private void StoreEvidence(Plan plan, ScoreCard card, ScoreInput input, IReadOnlyList<EvidenceUpload> uploads)
    {
        if (input.Files.Count + uploads.Count > EvidenceFile.MaxPerEntry)
            throw new RuleViolationException("files", $"每项指标最多 {EvidenceFile.MaxPerEntry} 个佐证文件", $"At most {EvidenceFile.MaxPerEntry} evidence files per indicator");
        foreach (var upload in uploads)
        {
            var name = Path.GetFileName(upload.Name.Trim());
            var file = new EvidenceFile
            {
                Id = Guid.CreateVersion7(), Plan = plan.Id, Unit = card.Unit, Name = name, ContentType = NetInfoSuite.Ui.FileKinds.Of(upload.Content, name)!,
                Content = upload.Content, By = caller.Login, At = time.GetUtcNow(), UnitPath = plan.UnitPath,
            };
            session.Insert(file);
            input.Files.Add(new EvidenceRef(file.Id, name, upload.Content.Length));
        }
    }

    public async Task<CardView> Handle(FinaliseCard command, CancellationToken ct)
    {
        var plan = await LoadAsync(command.Id, ct);
        var (_, unit) = Target(plan, command.Unit);
        var card = await CardOfAsync(plan, unit, ct);
        if (card.Frozen is not null) throw new RuleViolationException("status", "该对象的考评表已确认", "The target's card is already final");
        await FreezeAsync(plan, card, ct);
        await session.SaveChangesAsync(ct);
        return await CardAsync(plan, unit.Id, ct);
    }

    public async Task<ScoreSheet> Handle(PublishResults command, CancellationToken ct)
    {
        var plan = await LoadAsync(command.Id, ct);
        if (plan.Status == PlanStatus.Published) throw new RuleViolationException("status", "考评结果已发布", "The results are already published");
        if (plan.Groups.Sum(g => g.Units.Count) == 0) throw new RuleViolationException("groups", "方案还没有考评对象", "The plan has no targets yet");
        var cards = await CardsAsync(plan, ct);
        foreach (var (_, unit) in plan.Groups.SelectMany(g => g.Units.Select(u => (g, u))))
        {
            if (!cards.TryGetValue(unit.Id, out var card)) cards[unit.Id] = card = NewCard(plan, unit);
            if (card.Frozen is null) await FreezeAsync(plan, card, ct);
        }
        (plan.Status, plan.PublishedAt, plan.PublishedBy) = (PlanStatus.Published, time.GetUtcNow(), caller.Login);
        session.Store(plan);
        await session.SaveChangesAsync(ct);
        return await SheetAsync(plan, cards, ct);
    }

    private async Task FreezeAsync(Plan plan, ScoreCard card, CancellationToken ct)
    {
        card.Frozen = await FiguresAsync(plan, card.Unit, ct);
        (card.FinalisedAt, card.FinalisedBy) = (time.GetUtcNow(), caller.Login);
        session.Store(card);
    }

    /// <summary>Every target's result, ranked in its group; figures live for open cards, as kept for final ones.</summary>
    private async Task<ScoreSheet> SheetAsync(Plan plan, IReadOnlyDictionary<Guid, ScoreCard> cards, CancellationToken ct)
    {
        var results = await ResultsAsync(plan, cards, ct);
        var lastYear = await LastYearAsync(plan, ct);
        return new ScoreSheet(PlanHandlers.View(plan), plan.Groups.Select(g => new GroupSheet(g.Id, g.Name, Ranked(g, results)
            .Select(r => new ScoreRow(r.Unit.Id, r.Unit.Name, r.Result.Base, r.Result.Bonus, r.Result.Total, r.Result.Grade, r.Result.Vetoed, r.Rank,
                r.Result.Pending, cards.TryGetValue(r.Unit.Id, out var c) && c.Frozen is not null, lastYear.TryGetValue(r.Unit.Id, out var t) ? t : null,
                r.Result.Entries.ToDictionary(e => e.Indicator, e => e.Points),
                r.Result.Entries.Where(e => e.State == EntryState.Failed).Select(e => e.Indicator).ToList()))
            .ToList())).ToList());
    }

    private async Task<CardView> CardAsync(Plan plan, Guid unitId, CancellationToken ct)
    {
        var (group, unit) = Target(plan, unitId);
        var cards = await CardsAsync(plan, ct);
        var results = await ResultsAsync(plan, cards, ct);
        var ranked = Ranked(group, results).ToList();
        var mine = ranked.First(r => r.Unit.Id == unit.Id);
        var card = cards.GetValueOrDefault(unit.Id);
        var byIndicator = mine.Result.Entries.ToDictionary(e => e.Indicator);
        var view = PlanHandlers.View(plan);
        var names = await NamesAsync(mine.Result.Entries.Select(e => e.Input?.By).Append(card?.FinalisedBy), ct);
        var entries = view.Indicators.Select(i => byIndicator.TryGetValue(i.Id, out var e)
            ? new CardEntry(i, e.Figure?.Value, e.Figure?.Note?.Current, e.Figure?.Origin, e.Figure?.Unavailable == true, e.Points, e.State, e.Input?.Score,
                e.Input?.Findings ?? 0, e.Input?.Vetoed == true, e.Input?.Comment, e.Input?.Evidence, e.Input is { } x ? names.GetValueOrDefault(x.By, "") : null,
                e.Input?.At, e.Input?.Files ?? [])
            : new CardEntry(i, null, null, null, false, null, null, null, 0, false, null, null, null, null, [])).ToList();
        var lastYear = await LastYearAsync(plan, ct);
        return new CardView(plan.Id, plan.Name, plan.Year, plan.From, plan.To, plan.Status, unit.Id, unit.Name, group.Name, entries, mine.Result.Base,
            mine.Result.Bonus, mine.Result.Total, mine.Result.Grade, mine.Result.Vetoed, mine.Rank, ranked.Count, mine.Result.Pending, mine.Result.FullMarks,
            card?.Frozen is not null, card?.FinalisedAt, card?.FinalisedBy is { } by ? names.GetValueOrDefault(by, "") : null,
            lastYear.TryGetValue(unit.Id, out var t) ? t : null);
    }

    private async Task<Dictionary<Guid, CardResult>> ResultsAsync(Plan plan, IReadOnlyDictionary<Guid, ScoreCard> cards, CancellationToken ct)
    {
        var tree = PlanTree.Of(plan);
        var results = new Dictionary<Guid, CardResult>();
        foreach (var unit in plan.Groups.SelectMany(g => g.Units))
        {
            var card = cards.GetValueOrDefault(unit.Id);
            var figures = card?.Frozen ?? await FiguresAsync(plan, unit.Id, ct);
            results[unit.Id] = Scorer.Score(plan, tree, card?.Inputs ?? [], figures);
        }
        return results;
    }

    /// <summary>The figures feeding the plan's indicators for one target.</summary>
    private async Task<Dictionary<Guid, Figure>> FiguresAsync(Plan plan, Guid unit, CancellationToken ct)
    {
        var figures = new Dictionary<Guid, Figure>();
        foreach (var node in PlanTree.Of(plan).Where(n => n.Leaf && Sources.Find(n.Indicator.Source) is not null))
            figures[node.Indicator.Id] = await reader.ReadAsync(Sources.Find(node.Indicator.Source)!, unit, plan.From, plan.To, ct);
        return figures;
    }

    /// <summary>Competition ranking within the group (equal totals share a rank); a failed veto ranks after all that passed.</summary>
    internal static IEnumerable<(TargetUnit Unit, CardResult Result, int Rank)> Ranked(TargetGroup group, IReadOnlyDictionary<Guid, CardResult> results)
    {
        var ordered = group.Units.Select(u => (Unit: u, Result: results[u.Id]))
            .OrderBy(r => r.Result.Vetoed).ThenByDescending(r => r.Result.Total).ThenBy(r => r.Unit.Name, StringComparer.Ordinal).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i + 1;
            while (rank > 1 && ordered[rank - 2].Result.Vetoed == ordered[i].Result.Vetoed && ordered[rank - 2].Result.Total == ordered[i].Result.Total) rank--;
            yield return (ordered[i].Unit, ordered[i].Result, rank);
        }
    }

    /// <summary>Last year's published totals of the same targets in the caller's plans (the trend on the sheet and card).</summary>
    private async Task<Dictionary<Guid, double>> LastYearAsync(Plan plan, CancellationToken ct)
    {
        var year = plan.Year - 1;
        var earlier = await (await session.QueryInScopeAsync<Plan>(scope, ct))
            .Where(p => p.Year == year && p.Owner == plan.Owner && p.Status == PlanStatus.Published)
            .OrderByDescending(p => p.PublishedAt).FirstOrDefaultAsync(ct);
        if (earlier is null) return [];
        var cards = await CardsAsync(earlier, ct);
        var tree = PlanTree.Of(earlier);
        return cards.Values.Where(c => c.Frozen is not null).ToDictionary(c => c.Unit, c => Scorer.Score(earlier, tree, c.Inputs, c.Frozen!).Total);
    }

    private async Task<Dictionary<Guid, ScoreCard>> CardsAsync(Plan plan, CancellationToken ct) =>
        (await (await session.QueryInScopeAsync<ScoreCard>(scope, ct)).Where(c => c.Plan == plan.Id).ToListAsync(ct)).ToDictionary(c => c.Unit);

    private async Task<ScoreCard> CardOfAsync(Plan plan, TargetUnit unit, CancellationToken ct) =>
        await (await session.QueryInScopeAsync<ScoreCard>(scope, ct)).FirstOrDefaultAsync(c => c.Plan == plan.Id && c.Unit == unit.Id, ct)
        ?? NewCard(plan, unit);

    private static ScoreCard NewCard(Plan plan, TargetUnit unit) =>
        new() { Id = Guid.CreateVersion7(), Plan = plan.Id, Unit = unit.Id, UnitName = unit.Name, UnitPath = plan.UnitPath };

    private static (TargetGroup Group, TargetUnit Unit) Target(Plan plan, Guid unit) =>
        plan.Groups.SelectMany(g => g.Units.Select(u => (g, u))).FirstOrDefault(t => t.u.Id == unit) is { g: not null } found ? found
            : throw new NotFoundException("target", unit.ToString());

    private async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string?> logins, CancellationToken ct)
    {
        var list = logins.OfType<string>().Where(l => l.Length > 0).Distinct().ToList();
        return list.Count == 0 ? new Dictionary<string, string>() : await mediator.Send(new GetPeopleNames(list), ct);
    }

    private Task<Plan> LoadAsync(Guid id, CancellationToken ct) => session.LoadInScopeOrThrowAsync<Plan>(scope, id, "plan", ct);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
