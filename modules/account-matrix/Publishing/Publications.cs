using NetInfoSuite.Contracts.Notifications;
using System.Collections.Concurrent;

namespace NetInfoSuite.Modules.AccountMatrix.Publishing;

public sealed record PublicationView(Guid Id, string Title, string Body, IReadOnlyList<string> Links, IReadOnlyList<string> Media, string Author,
    IReadOnlyList<PublicationTarget> Targets)
{
    internal static PublicationView Of(Publication p) => new(p.Id, p.Title, p.Body, p.Links, p.Media, p.Author, p.Targets);
}

[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record DraftPublication(string Title, string Body, IReadOnlyList<string>? Links, IReadOnlyList<string>? Media,
    IReadOnlyList<Guid> Accounts) : ICommand<PublicationView>;

internal sealed class DraftPublicationValidator : AbstractValidator<DraftPublication>
{
    public DraftPublicationValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Body).NotEmpty().MaximumLength(50_000);
        RuleFor(x => x.Accounts).NotEmpty().Must(a => a.Count <= 500);
        RuleForEach(x => x.Links).Must(Links.IsWebLink);
    }
}

internal sealed class DraftPublicationHandler(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider clock)
    : IRequestHandler<DraftPublication, PublicationView>
{
    public async Task<PublicationView> Handle(DraftPublication command, CancellationToken ct)
    {
        var ids = command.Accounts.Distinct().ToArray();
        var accounts = await (await session.QueryInScopeAsync<Account>(scope, ct)).Where(a => a.Id.IsOneOf(ids) && a.Status == AccountStatus.Active).ToListAsync(ct);
        if (accounts.Count != ids.Length)
            throw new RuleViolationException("accounts", "有账号不存在、未启用或不属于本单位", "An account does not exist, is not active or is not yours");
        var publication = new Publication
        {
            Id = Guid.CreateVersion7(), Title = command.Title.Trim(), Body = command.Body, Links = command.Links?.ToList() ?? [],
            Media = command.Media?.ToList() ?? [], Author = caller.Login, UnitPath = await scope.CallerPathAsync(ct), CreatedAt = clock.GetUtcNow(),
            // In the order the author chose them (the database answers in any order): pages and messages list them so.
            Targets = accounts.OrderBy(a => Array.IndexOf(ids, a.Id)).Select(a => new PublicationTarget(a.Id, a.Name, a.Platform, TargetStatus.Draft)).ToList(),
        };
        session.Store(publication);
        await session.SaveChangesAsync(ct);
        return PublicationView.Of(publication);
    }
}

/// <summary>Moves targets along: submit for review (Draft → InReview), review (→ Approved only when all seven checks
/// pass, else Rejected; never by the author), schedule (Approved → Scheduled at a time).</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record SubmitForReview(Guid Id) : ICommand<PublicationView>;

[RequiresPermission(AccountMatrixPermissions.Review)]
internal sealed record ReviewPublication(Guid Id, Guid AccountId, IReadOnlyList<CheckResult> Checks) : ICommand<PublicationView>;

/// <summary>全部通过: every account still in review passes all seven checks at once (the reviewer read the piece once;
/// it is the same text on each account).</summary>
[RequiresPermission(AccountMatrixPermissions.Review)]
internal sealed record ApproveAllPublication(Guid Id) : ICommand<PublicationView>;

internal sealed class ReviewPublicationValidator : AbstractValidator<ReviewPublication>
{
    public ReviewPublicationValidator()
    {
        RuleFor(x => x.Checks).NotNull().Must(c => c.Select(r => r.Check).Distinct().Count() == 7 && c.Count == 7)
            .WithMessage(_ => new LocalizedText("须逐项填写政治、法律、政策、保密、文字、稿源、安全七项审核", "Record all seven checks, each once").Current);
        RuleForEach(x => x.Checks).ChildRules(c => c.RuleFor(r => r.Comment).MaximumLength(1000));
    }
}

/// <summary>Revises a piece that is in draft or was rejected (on every account): the new text goes back to draft,
/// and each rejection stays on record as an earlier review.</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record RevisePublication(Guid Id, string Title, string Body, IReadOnlyList<string>? Links, IReadOnlyList<string>? Media) : ICommand<PublicationView>;

internal sealed class RevisePublicationValidator : AbstractValidator<RevisePublication>
{
    public RevisePublicationValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Body).NotEmpty().MaximumLength(50_000);
        RuleForEach(x => x.Links).Must(Links.IsWebLink);
    }
}

[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record SchedulePublication(Guid Id, Guid AccountId, DateTimeOffset At) : ICommand<PublicationView>;

/// <summary>An editor posted the piece by hand (no connector sends to the platform, or sending failed and it went
/// out after all) and records where: the account's piece is then published, with the link and who posted it.</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record RecordManualPublication(Guid Id, Guid AccountId, string Link) : ICommand<PublicationView>;

internal sealed class RecordManualPublicationValidator : AbstractValidator<RecordManualPublication>
{
    public RecordManualPublicationValidator() => RuleFor(x => x.Link).NotEmpty().MaximumLength(2000)
        .Must(Links.IsWebLink)
        .WithMessage(_ => new LocalizedText("须填写发布后的链接（http:// 或 https:// 开头）", "Give the published post's link (http:// or https://)").Current);
}

internal sealed class PublicationSteps(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider clock, IOutbox outbox) :
    IRequestHandler<SubmitForReview, PublicationView>, IRequestHandler<ReviewPublication, PublicationView>, IRequestHandler<SchedulePublication, PublicationView>,
    IRequestHandler<ApproveAllPublication, PublicationView>,
    IRequestHandler<RevisePublication, PublicationView>, IRequestHandler<RecordManualPublication, PublicationView>
{
    public async Task<PublicationView> Handle(RecordManualPublication command, CancellationToken ct)
    {
        PublicationTarget? published = null;
        return await ChangeAsync(command.Id, p =>
        {
            // Approved (posted by hand without scheduling), awaiting manual publishing, or failed and found online.
            var target = Target(p, command.AccountId, TargetStatus.AwaitingManual, TargetStatus.Approved, TargetStatus.Failed);
            Replace(p, published = target with
            {
                Status = TargetStatus.Published, PublishedAt = clock.GetUtcNow(), Link = command.Link.Trim(), PostedBy = caller.Login, FailureReason = null,
            });
        }, ct, p => PublishedScan.QueueAsync(session, outbox, scope, p, published!, ct));
    }

    public async Task<PublicationView> Handle(RevisePublication command, CancellationToken ct) =>
        await ChangeAsync(command.Id, p =>
        {
            if (p.Targets.Any(t => t.Status is not (TargetStatus.Draft or TargetStatus.Rejected)))
                throw new RuleViolationException("id", "稿件已在审核或已通过，不能修改", "The piece is in review or approved on an account: it cannot be revised");
            (p.Title, p.Body, p.Links, p.Media) = (command.Title.Trim(), command.Body, command.Links?.ToList() ?? [], command.Media?.ToList() ?? []);
            p.Targets = p.Targets.Select(t => t.Review is { } earlier
                ? t with { Status = TargetStatus.Draft, Review = null, EarlierReviews = [.. t.EarlierReviews ?? [], earlier] }
                : t with { Status = TargetStatus.Draft }).ToList();
        }, ct);

    public async Task<PublicationView> Handle(SubmitForReview command, CancellationToken ct) =>
        await ChangeAsync(command.Id, p =>
        {
            if (p.Targets.All(t => t.Status != TargetStatus.Draft))
                throw new RuleViolationException("id", "没有待提交的草稿", "Nothing is in draft");
            var sent = p.Targets.Where(t => t.Status == TargetStatus.Draft).Select(t => t.AccountName).ToList();
            p.Targets = p.Targets.Select(t => t.Status == TargetStatus.Draft ? t with { Status = TargetStatus.InReview } : t).ToList();
            // The reviewers nearest the piece's unit (its own, else the county, else the city) are told it waits. A piece
            // of the city's level carries the path "/" (the whole tree): its reviewers are those of the submitter's unit.
            List<OrgUnitId> unitsNearestFirst = [.. p.UnitPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse().Select(u => new OrgUnitId(Guid.ParseExact(u, "N")))];
            if (unitsNearestFirst.Count == 0 && caller.OrgUnit is { } own) unitsNearestFirst.Add(own);
            if (unitsNearestFirst.Count == 0) return; // the built-in administrator has no unit and no reviewer to tell
            outbox.Send(session, new Notify(NotificationRecipients.NearestWith(AccountMatrixPermissions.Review, unitsNearestFirst),
                new("待审核：" + p.Title, "Waiting for review: " + p.Title),
                new($"先审后发：{string.Join("、", sent)} 的稿件等待审核。", $"Review before publishing: the piece for {string.Join(", ", sent)} waits for review."),
                $"/account-matrix/publishing/{p.Id}", "account-matrix.review-waiting"));
        }, ct);

    public async Task<PublicationView> Handle(ApproveAllPublication command, CancellationToken ct) =>
        await ChangeAsync(command.Id, p =>
        {
            if (p.Author == caller.Login)
                throw new RuleViolationException("reviewer", "作者不能审核自己的稿件", "The author cannot review their own piece");
            var waiting = p.Targets.Where(t => t.Status == TargetStatus.InReview).ToList();
            if (waiting.Count == 0)
                throw new RuleViolationException("id", "没有待审核的账号", "No account waits for review");
            var review = new Review(caller.Login, clock.GetUtcNow(), Enum.GetValues<ReviewCheck>().Select(c => new CheckResult(c, true, null)).ToList());
            foreach (var target in waiting) Replace(p, target with { Status = TargetStatus.Approved, Review = review });
            TellAuthor(p, waiting, review);
        }, ct);

    public async Task<PublicationView> Handle(ReviewPublication command, CancellationToken ct) =>
        await ChangeAsync(command.Id, p =>
        {
            if (p.Author == caller.Login)
                throw new RuleViolationException("reviewer", "作者不能审核自己的稿件", "The author cannot review their own piece");
            var target = Target(p, command.AccountId, TargetStatus.InReview);
            var approved = command.Checks.All(c => c.Pass);
            var review = new Review(caller.Login, clock.GetUtcNow(), command.Checks.OrderBy(c => c.Check).ToList());
            Replace(p, target with { Status = approved ? TargetStatus.Approved : TargetStatus.Rejected, Review = review });
            TellAuthor(p, [target], review);
        }, ct);

    /// <summary>The author learns the outcome in the inbox: approved (schedule it) or rejected, with the checks that failed.</summary>
    private void TellAuthor(Publication p, IReadOnlyList<PublicationTarget> targets, Review review)
    {
        var accounts = string.Join("、", targets.Select(t => t.AccountName));
        var failed = review.Checks.Where(c => !c.Pass).ToList();
        var (subject, body) = failed.Count == 0
            ? (new LocalizedText("稿件审核通过：" + p.Title, "Piece approved: " + p.Title),
               new LocalizedText($"{accounts} 已审核通过，可以定时发布。", $"{accounts}: approved, ready to schedule."))
            : (new LocalizedText("稿件未通过审核：" + p.Title, "Piece rejected: " + p.Title),
               new LocalizedText($"{accounts} 未通过：" + string.Join("，", failed.Select(c => PublicationText.CheckNames(c.Check).Zh + (c.Comment is null ? "" : $"（{c.Comment}）"))) + "。请修改后重新提交。",
                   $"{accounts} rejected: " + string.Join(", ", failed.Select(c => PublicationText.CheckNames(c.Check).En + (c.Comment is null ? "" : $" ({c.Comment})"))) + ". Revise and send it again."));
        outbox.Send(session, new Notify(NotificationRecipients.Users([p.Author]), subject, body, $"/account-matrix/publishing/{p.Id}",
            failed.Count == 0 ? "account-matrix.review-approved" : "account-matrix.review-rejected"));
    }

    public async Task<PublicationView> Handle(SchedulePublication command, CancellationToken ct) =>
        await ChangeAsync(command.Id, p =>
        {
            // A failed piece may go again once people have checked the platform: its approval still covers the text,
            // and its old claim goes so that sending can claim it anew.
            var target = Target(p, command.AccountId, TargetStatus.Approved, TargetStatus.Failed);
            if (command.At < clock.GetUtcNow().AddMinutes(-1))
                throw new RuleViolationException("at", "发布时间不能早于现在", "The time to publish cannot be in the past");
            if (target.Status == TargetStatus.Failed)
                session.QueueSqlCommand($"delete from {MetricTables.PublishClaims} where publication_id = ? and account_id = ?", p.Id, target.AccountId);
            Replace(p, target with { Status = TargetStatus.Scheduled, ScheduledAt = command.At.ToUniversalTime(), FailureReason = null });
        }, ct);

    private async Task<PublicationView> ChangeAsync(Guid id, Action<Publication> change, CancellationToken ct, Func<Publication, Task>? alsoQueue = null)
    {
        // Two people acting on one piece at once (approve and reject, schedule and post by hand, posts recorded for two of its
        // accounts): its row is locked first, so the second waits, reads what the first stored and is refused or adds to it.
        // Marten's optimistic check did not stop them: the outbox message queued before the piece answers a row (select
        // pg_notify), which Marten reads as the piece's own result, so a stale write was dropped without an error while its
        // messages and audit record committed (20 reviews at once: 8 answered 200, the author told 8 times).
        await session.BeginTransactionAsync(ct);
        await using (var lockRow = new NpgsqlCommand($"select 1 from {session.DocumentStore.Options.FindOrResolveDocumentType(typeof(Publication)).TableName.QualifiedName} where id = $1 for update",
            session.Connection) { Parameters = { new() { Value = id } } })
            await lockRow.ExecuteNonQueryAsync(ct);
        var publication = await session.LoadInScopeOrThrowAsync<Publication>(scope, id, "publication", ct);
        change(publication);
        if (alsoQueue is not null) await alsoQueue(publication); // messages that commit with the change
        session.Store(publication);
        await session.SaveChangesAsync(ct);
        return PublicationView.Of(publication);
    }

    private static PublicationTarget Target(Publication p, Guid accountId, params TargetStatus[] expected)
    {
        var target = p.Targets.FirstOrDefault(t => t.AccountId == accountId) ?? throw new NotFoundException("target", accountId.ToString());
        return expected.Contains(target.Status) ? target
            : throw new RuleViolationException("accountId",
                $"该账号的稿件状态为“{PublicationText.StatusNames(target.Status).Zh}”，须为“{string.Join("”或“", expected.Select(e => PublicationText.StatusNames(e).Zh))}”",
                $"The piece is {PublicationText.StatusNames(target.Status).En} on this account; it must be {string.Join(" or ", expected.Select(e => PublicationText.StatusNames(e).En))}");
    }

    private static void Replace(Publication p, PublicationTarget target) =>
        p.Targets = p.Targets.Select(t => t.AccountId == target.AccountId ? target : t).ToList();
}

public sealed record WordHit(string Word, WordKind Kind, string? Suggestion, string Field, int Position);

/// <summary>The 文字 check's helper: every dictionary word found in the title and body, with where it starts.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ScanPublication(Guid Id) : IRequest<IReadOnlyList<WordHit>>;

internal sealed class ScanPublicationHandler(IQuerySession session, ICallerScope scope, ICaller caller) : IRequestHandler<ScanPublication, IReadOnlyList<WordHit>>
{
    // One automaton per dictionary content; rebuilt when the words change.
    private static readonly ConcurrentDictionary<string, AhoCorasick> Automata = new();

    public async Task<IReadOnlyList<WordHit>> Handle(ScanPublication query, CancellationToken ct)
    {
        var publication = await session.LoadInScopeOrThrowAsync<Publication>(scope, query.Id, "publication", ct);
        var words = await DictionaryWord.AllAsync(session, caller, ct);
        if (words.Count == 0) return [];
        var key = string.Join('\n', words.Select(w => w.Word));
        if (Automata.Count > 16) Automata.Clear();
        var automaton = Automata.GetOrAdd(key, _ => new AhoCorasick(words.Select(w => w.Word).ToList()));
        return new[] { ("title", publication.Title), ("body", publication.Body) }
            .SelectMany(f => automaton.Find(f.Item2).Select(h => new WordHit(words[h.Word].Word, words[h.Word].Kind, words[h.Word].Suggestion, f.Item1, h.Position)))
            .ToList();
    }
}

[RequiresPermission(AccountMatrixPermissions.Review)]
internal sealed record SetWords(IReadOnlyList<WordEntry> Words) : ICommand<int>;

/// <summary>A dictionary word; <paramref name="Owner"/> (in lists only) is null for the city-wide dictionary, else the
/// county whose own addition it is.</summary>
public sealed record WordEntry(string Word, WordKind Kind, string? Suggestion, string? Owner = null);

internal sealed class SetWordsValidator : AbstractValidator<SetWords>
{
    public SetWordsValidator()
    {
        RuleFor(x => x.Words).NotEmpty().Must(w => w.Count <= 50_000);
        RuleForEach(x => x.Words).ChildRules(w =>
        {
            w.RuleFor(x => x.Word).NotEmpty().MaximumLength(50);
            w.RuleFor(x => x.Kind).IsInEnum();
            w.RuleFor(x => x.Suggestion).MaximumLength(50);
        });
    }
}

/// <summary>The city changes the city-wide dictionary; a county adds and changes its own words, never the city's.</summary>
internal sealed class SetWordsHandler(IDocumentSession session, ICaller caller) : IRequestHandler<SetWords, int>
{
    public async Task<int> Handle(SetWords command, CancellationToken ct)
    {
        var own = DictionaryWord.OwnerOf(caller);
        if (own is not null)
        {
            var cityWide = await CityWideAsync(session, command.Words.Select(w => w.Word.Trim()).ToArray(), ct);
            var refused = command.Words.Select((w, i) => (Word: w.Word.Trim(), Index: i)).Where(w => cityWide.Contains(w.Word))
                .Select(w => WordRules.CityWide($"words[{w.Index}].word", w.Word)).ToList();
            if (refused.Count > 0) throw new RuleViolationException(refused);
        }
        Store(session, own, command.Words);
        await session.SaveChangesAsync(ct);
        return command.Words.Count;
    }

    /// <summary>Which of these words are the city's (a county may not change them).</summary>
    public static async Task<HashSet<string>> CityWideAsync(IQuerySession session, string[] words, CancellationToken ct) =>
        (await session.Query<DictionaryWord>().Where(w => w.Owner == null && w.Id.IsOneOf(words)).Select(w => w.Id).ToListAsync(ct)).ToHashSet();

    public static void Store(IDocumentSession session, string? owner, IEnumerable<WordEntry> words)
    {
        foreach (var w in words)
            session.Store(new DictionaryWord { Id = DictionaryWord.IdOf(owner, w.Word.Trim()), Owner = owner, Kind = w.Kind, Suggestion = w.Suggestion?.Trim() });
    }
}

internal static class PublicationEndpoints
{
    public sealed record ReviewBody(IReadOnlyList<CheckResult> Checks);
    public sealed record ScheduleBody(DateTimeOffset At);
    public sealed record PostedBody(string? Link);
    public sealed record ReviseBody(string? Title, string? Body, IReadOnlyList<string>? Links, IReadOnlyList<string>? Media);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/publications", async (DraftPublication command, IMediator m, CancellationToken ct) =>
            {
                var p = await m.Send(command, ct);
                return Results.Created($"/api/account-matrix/publications/{p.Id}", p);
            })
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Draft a piece for several accounts").ProducesValidationProblem();
        routes.MapPut("/publications/{id:guid}", async (Guid id, ReviseBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RevisePublication(id, body.Title ?? "", body.Body ?? "", body.Links, body.Media), ct)))
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Revise a piece in draft or rejected: back to draft, earlier reviews kept")
            .ProducesValidationProblem();
        routes.MapPost("/publications/{id:guid}/submit", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new SubmitForReview(id), ct)))
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Send the drafts to review");
        routes.MapPost("/publications/{id:guid}/targets/{accountId:guid}/review", async (Guid id, Guid accountId, ReviewBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ReviewPublication(id, accountId, body.Checks ?? []), ct)))
            .RequirePermission(AccountMatrixPermissions.Review).WithSummary("Record the seven checks: approved only if all pass; never by the author")
            .ProducesValidationProblem();
        routes.MapPost("/publications/{id:guid}/approve-all", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ApproveAllPublication(id), ct)))
            .RequirePermission(AccountMatrixPermissions.Review).WithSummary("全部通过: every account in review passes all seven checks; never by the author")
            .ProducesValidationProblem();
        routes.MapPost("/publications/{id:guid}/targets/{accountId:guid}/schedule", async (Guid id, Guid accountId, ScheduleBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new SchedulePublication(id, accountId, body.At), ct)))
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Schedule an approved piece").ProducesValidationProblem();
        routes.MapPost("/publications/{id:guid}/targets/{accountId:guid}/posted", async (Guid id, Guid accountId, PostedBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RecordManualPublication(id, accountId, body.Link ?? ""), ct)))
            .RequirePermission(AccountMatrixPermissions.Manage)
            .WithSummary("Record that the piece was posted by hand on this account (待人工发布, approved, or failed and found online), with its link")
            .ProducesValidationProblem();
        routes.MapGet("/publications/{id:guid}/scan", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ScanPublication(id), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("Dictionary words in the piece, with their positions (helps the 文字 check)");
        routes.MapPut("/words", async (SetWords command, IMediator m, CancellationToken ct) => Results.Ok(new { words = await m.Send(command, ct) }))
            .RequirePermission(AccountMatrixPermissions.Review).WithSummary("Add or change words of the sensitive and commonly-wrong dictionary")
            .ProducesValidationProblem();
    }
}
