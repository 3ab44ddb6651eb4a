using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Notifications;

namespace NetInfoSuite.Modules.NetizenRegistry.Selections;

public sealed record CandidateView(Guid Id, Guid ProfileId, string Alias, Guid NominatedByUnit, string NominatedBy, string Reason,
    CandidateStatus Status, string? ReviewNote, string? ReviewedBy, int ScoresGiven, int? MyScore, double? JuryAverage, long Votes,
    double? Final, bool Winner);

public sealed record ObjectionView(Guid Id, Guid CandidateId, string Text, string By, DateTimeOffset At, string? Answer, bool Upheld,
    string? AnsweredBy, DateTimeOffset? AnsweredAt);

/// <summary>A selection campaign as officers see it: a juror's own scores only, the jury's averages once voting closed.</summary>
public sealed record SelectionView(Guid Id, string Name, string HonourTitle, HonourLevel Level, Guid UnitId, string UnitName,
    IReadOnlyList<string> Jurors, DateOnly VoteFrom, DateOnly VoteTo, int Winners, DateOnly? PublicityUntil, SelectionStage Stage,
    bool VotingOpen, bool IsJuror, IReadOnlyList<StageChange> History, IReadOnlyList<CandidateView> Candidates,
    IReadOnlyList<ObjectionView> Objections);

internal static class SelectionViews
{
    public static async Task<SelectionView> OfAsync(Selection s, IQuerySession session, ICallerScope scope, ICaller caller,
        IOfficeClock clock, CancellationToken ct)
    {
        var profiles = (await session.LoadManyInScopeAsync<Profile>(scope, s.Candidates.Select(c => c.ProfileId).Distinct().ToList(), ct))
            .ToDictionary(p => p.Id);
        var scores = await session.Query<JuryScore>().Where(x => x.SelectionId == s.Id).ToListAsync(ct);
        // Votes are counted live while voting runs; from publicity on the figures kept with the candidate are final.
        var votes = new Dictionary<Guid, long>();
        if (s.Stage == SelectionStage.Scoring)
            foreach (var c in s.Candidates.Where(c => c.Status == CandidateStatus.Qualified))
                votes[c.Id] = await session.Query<Vote>().Where(v => v.SelectionId == s.Id && v.CandidateId == c.Id).CountAsync(ct);
        var isJuror = s.Jurors.Contains(caller.Login);
        var candidates = s.Candidates.Select(c => new CandidateView(c.Id, c.ProfileId,
                profiles.TryGetValue(c.ProfileId, out var p) ? (p.AnonymisedAt is null ? p.Alias : "（已删除）") : "（不在本单位范围）",
                c.NominatedByUnit, c.NominatedBy, c.Reason, c.Status, c.ReviewNote, c.ReviewedBy,
                scores.Count(x => x.CandidateId == c.Id), isJuror ? scores.FirstOrDefault(x => x.CandidateId == c.Id && x.Juror == caller.Login)?.Score : null,
                c.JuryAverage, votes.TryGetValue(c.Id, out var live) ? live : c.Votes, c.Final, c.Winner))
            .OrderByDescending(c => c.Final ?? -1).ThenBy(c => c.Alias, StringComparer.Ordinal).ToList();
        return new SelectionView(s.Id, s.Name, s.HonourTitle, s.Level, s.UnitId, s.UnitName, s.Jurors, s.VoteFrom, s.VoteTo, s.Winners,
            s.PublicityUntil, s.Stage, s.VotingOpenOn(clock.Today), isJuror, s.History, candidates,
            s.Objections.Select(o => new ObjectionView(o.Id, o.CandidateId, o.Text, o.By, o.At, o.Answer, o.Upheld, o.AnsweredBy, o.AnsweredAt)).ToList());
    }

    /// <summary>Locks the campaign's row until the command commits; call it before loading the campaign to change it. Many
    /// people nominate, object and review at once, and every change rewrites the whole campaign: without the lock the last
    /// one to commit dropped the others' nominations and objections (each answered 200), and a stage moved once per request.</summary>
    public static async Task LockSelectionAsync(this IDocumentSession session, IDocumentStore store, Guid id, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using var lockRow = new Npgsql.NpgsqlCommand(
            $"select 1 from {store.Options.FindOrResolveDocumentType(typeof(Selection)).TableName.QualifiedName} where id = $1 for update",
            session.Connection) { Parameters = { new() { Value = id } } };
        await lockRow.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A campaign the caller runs (of their subtree): stage moves, reviews, answers.</summary>
    public static async Task<Selection> LoadSelection(this IQuerySession session, ICallerScope scope, Guid id, CancellationToken ct) =>
        await session.LoadInScopeOrThrowAsync<Selection>(scope, id, "selection", ct);

    /// <summary>A campaign the caller takes part in: one of their subtree or run above them (units below nominate, jurors
    /// may sit anywhere in it).</summary>
    public static async Task<Selection> LoadVisibleSelection(this IQuerySession session, ICallerScope scope, Guid id, CancellationToken ct) =>
        await session.LoadInScopeOrAboveAsync<Selection>(scope, id, ct) ?? throw new NotFoundException("selection", id.ToString());

    public static void InStage(this Selection s, SelectionStage stage, string what)
    {
        if (s.Stage != stage)
            throw new RuleViolationException("id", $"评选当前处于「{SelectionText.Stage(s.Stage).ZhCn}」阶段，不能{what}",
                $"The campaign is at the stage '{SelectionText.Stage(s.Stage).En}'");
    }

    public static Candidate CandidateOf(this Selection s, Guid candidateId) =>
        s.Candidates.FirstOrDefault(c => c.Id == candidateId)
        ?? throw new RuleViolationException("candidateId", "候选人不存在", "No such candidate");
}

/// <summary>The names of stages and candidate states as people read them.</summary>
public static class SelectionText
{
    public static LocalizedText Stage(SelectionStage stage) => stage switch
    {
        SelectionStage.Nomination => new("单位推荐", "Nomination"),
        SelectionStage.Qualification => new("资格审查", "Qualification review"),
        SelectionStage.Scoring => new("评委评分与网络投票", "Jury scoring and public voting"),
        SelectionStage.Publicity => new("公示", "Publicity"),
        _ => new("已公布结果", "Announced"),
    };

    public static LocalizedText Status(CandidateStatus status) => status switch
    {
        CandidateStatus.Nominated => new("待审查", "Awaiting review"),
        CandidateStatus.Qualified => new("审查通过", "Qualified"),
        CandidateStatus.Refused => new("审查未通过", "Refused"),
        _ => new("因异议取消", "Struck off after an objection"),
    };
}

/// <summary>Starts a selection campaign (最美好网民评选) of the city or a county of the caller's subtree.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record CreateSelection(string Name, string HonourTitle, Guid UnitId, IReadOnlyList<string>? Jurors, DateOnly VoteFrom,
    DateOnly VoteTo, int Winners) : ICommand<SelectionView>;

internal sealed class CreateSelectionValidator : AbstractValidator<CreateSelection>
{
    public CreateSelectionValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.HonourTitle).NotEmpty().MaximumLength(100);
        RuleFor(x => x.UnitId).NotEmpty();
        RuleFor(x => x.Jurors).NotEmpty().Must(j => j is null || j.Count <= 30)
            .WithMessage(_ => new LocalizedText("评委至多 30 人", "At most 30 jurors").Current);
        RuleForEach(x => x.Jurors).NotEmpty().MaximumLength(100);
        RuleFor(x => x.VoteFrom).Must(d => d.Year >= 2000).WithMessage(_ => new LocalizedText("须填写投票开始日期", "Give the first voting day").Current);
        RuleFor(x => x.VoteTo).Must(d => d.Year >= 2000).WithMessage(_ => new LocalizedText("须填写投票结束日期", "Give the last voting day").Current);
        RuleFor(x => x.VoteTo).GreaterThanOrEqualTo(x => x.VoteFrom)
            .WithMessage(_ => new LocalizedText("投票结束日期不能早于开始日期", "Voting cannot end before it starts").Current);
        RuleFor(x => x.Winners).InclusiveBetween(1, 100);
    }
}

internal sealed class CreateSelectionHandler(IDocumentSession session, ICallerScope scope, ICaller caller, IMediator mediator, IOfficeClock clock)
    : IRequestHandler<CreateSelection, SelectionView>
{
    public async Task<SelectionView> Handle(CreateSelection command, CancellationToken ct)
    {
        var place = await scope.PlaceOfAsync(command.UnitId, ct);
        if (place is null || !await scope.CoversAsync(place.Path, ct))
            throw new RuleViolationException("unitId", "单位不存在或不在本单位范围内", "The unit does not exist or is outside your unit");
        var level = place.Level switch
        {
            OrgLevel.City => HonourLevel.City,
            OrgLevel.County => HonourLevel.County,
            _ => throw new RuleViolationException("unitId", "评选只能由市或县（市、区）组织", "Only the city or a county runs a selection"),
        };
        var jurors = command.Jurors!.Select(j => j.Trim()).Distinct().ToList();
        var known = await mediator.Send(new GetPeopleNames(jurors), ct);
        if (jurors.FirstOrDefault(j => !known.ContainsKey(j)) is { } unknown)
            throw new RuleViolationException("jurors", "有评委不是本系统的用户", "A juror is not a user of the system");
        var now = clock.Now;
        var selection = new Selection
        {
            Id = Guid.CreateVersion7(), Name = command.Name.Trim(), HonourTitle = command.HonourTitle.Trim(), Level = level,
            UnitId = place.Id, UnitName = place.Name, UnitPath = place.Path, Jurors = jurors, VoteFrom = command.VoteFrom, VoteTo = command.VoteTo,
            Winners = command.Winners, Stage = SelectionStage.Nomination, CreatedBy = caller.Login, CreatedAt = now,
            History = [new StageChange(SelectionStage.Nomination, caller.Login, now)],
        };
        session.Store(selection);
        await session.SaveChangesAsync(ct);
        return await SelectionViews.OfAsync(selection, session, scope, caller, clock, ct);
    }
}

/// <summary>A unit of the campaign's subtree (the caller's) nominates a personality of its own subtree, with a reason.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record NominateCandidate(Guid Id, Guid ProfileId, string Reason) : ICommand<SelectionView>;

internal sealed class NominateCandidateValidator : AbstractValidator<NominateCandidate>
{
    public NominateCandidateValidator()
    {
        RuleFor(x => x.ProfileId).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MinimumLength(4).MaximumLength(2000);
    }
}

internal sealed class NominateCandidateHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, ICaller caller, IOfficeClock clock)
    : IRequestHandler<NominateCandidate, SelectionView>
{
    public async Task<SelectionView> Handle(NominateCandidate command, CancellationToken ct)
    {
        await session.LockSelectionAsync(store, command.Id, ct);
        var selection = await session.LoadVisibleSelection(scope, command.Id, ct);
        selection.InStage(SelectionStage.Nomination, "推荐候选人");
        // The nominating unit is the caller's: it must lie in the campaign's subtree, the personality in its own.
        var unit = caller.OrgUnit?.Value is { } u ? await scope.PlaceOfAsync(u, ct) : null;
        if (unit is null || !unit.Path.StartsWith(selection.UnitPath, StringComparison.Ordinal))
            throw new RuleViolationException("id", "本单位不在该评选的范围内，不能推荐", "Your unit is not within the campaign's units");
        var profile = await session.LoadInScopeAsync<Profile>(scope, command.ProfileId, ct);
        if (profile is null || profile.AnonymisedAt is not null || !profile.UnitPath.StartsWith(unit.Path, StringComparison.Ordinal))
            throw new RuleViolationException("profileId", "该网络人士不存在或不在本单位范围内", "The personality does not exist or is outside your unit");
        if (selection.Candidates.Any(c => c.ProfileId == profile.Id))
            throw new RuleViolationException("profileId", "该网络人士已被推荐", "This personality is nominated already");
        selection.Candidates.Add(new Candidate
        {
            Id = Guid.CreateVersion7(), ProfileId = profile.Id, NominatedByUnit = unit.Id, NominatedBy = caller.Login,
            NominatedAt = clock.Now, Reason = command.Reason.Trim(), Status = CandidateStatus.Nominated,
        });
        session.Store(selection);
        await session.SaveChangesAsync(ct);
        return await SelectionViews.OfAsync(selection, session, scope, caller, clock, ct);
    }
}

/// <summary>Qualification review: a candidate passes or is refused, with a reason; never by who nominated them.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record ReviewCandidate(Guid Id, Guid CandidateId, bool Qualified, string Note) : ICommand<SelectionView>;

internal sealed class ReviewCandidateValidator : AbstractValidator<ReviewCandidate>
{
    public ReviewCandidateValidator()
    {
        RuleFor(x => x.CandidateId).NotEmpty();
        RuleFor(x => x.Note).NotEmpty().MinimumLength(2).MaximumLength(1000);
    }
}

internal sealed class ReviewCandidateHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, ICaller caller, IOfficeClock clock)
    : IRequestHandler<ReviewCandidate, SelectionView>
{
    public async Task<SelectionView> Handle(ReviewCandidate command, CancellationToken ct)
    {
        await session.LockSelectionAsync(store, command.Id, ct);
        var selection = await session.LoadSelection(scope, command.Id, ct);
        selection.InStage(SelectionStage.Qualification, "审查资格");
        var candidate = selection.CandidateOf(command.CandidateId);
        if (candidate.NominatedBy == caller.Login)
            throw new RuleViolationException("candidateId", "推荐人不能审查自己推荐的候选人", "Who nominated a candidate does not review them");
        (candidate.Status, candidate.ReviewNote, candidate.ReviewedBy) =
            (command.Qualified ? CandidateStatus.Qualified : CandidateStatus.Refused, command.Note.Trim(), caller.Login);
        session.Store(selection);
        await session.SaveChangesAsync(ct);
        return await SelectionViews.OfAsync(selection, session, scope, caller, clock, ct);
    }
}

/// <summary>Moves a campaign to its next stage (never skipping one), when what that stage needs is done.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record AdvanceSelection(Guid Id, SelectionStage To, DateOnly? PublicityUntil) : ICommand<SelectionView>;

internal sealed class AdvanceSelectionValidator : AbstractValidator<AdvanceSelection>
{
    public AdvanceSelectionValidator() => RuleFor(x => x.To).IsInEnum();
}

internal sealed class AdvanceSelectionHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, ICaller caller, IOfficeClock clock, IOutbox outbox)
    : IRequestHandler<AdvanceSelection, SelectionView>
{
    /// <summary>The jury's share of the final result; the votes' share is the rest (ADR 0030).</summary>
    public const double JuryWeight = 0.7;

    public async Task<SelectionView> Handle(AdvanceSelection command, CancellationToken ct)
    {
        await session.LockSelectionAsync(store, command.Id, ct);
        var selection = await session.LoadSelection(scope, command.Id, ct);
        if (command.To != selection.Stage + 1)
            throw new RuleViolationException("to", $"只能进入下一阶段「{(selection.Stage == SelectionStage.Announced ? "无" : SelectionText.Stage(selection.Stage + 1).ZhCn)}」，不能跳过或返回",
                "Only the next stage can follow; none is skipped or repeated");
        var today = clock.Today;
        var qualified = selection.Candidates.Where(c => c.Status == CandidateStatus.Qualified).ToList();
        switch (command.To)
        {
            case SelectionStage.Qualification when selection.Candidates.Count == 0:
                throw new RuleViolationException("to", "还没有推荐的候选人", "Nobody is nominated yet");
            case SelectionStage.Scoring when selection.Candidates.Any(c => c.Status == CandidateStatus.Nominated):
                throw new RuleViolationException("to", "还有候选人未审查资格", "Some candidates are not reviewed yet");
            case SelectionStage.Scoring when qualified.Count == 0:
                throw new RuleViolationException("to", "没有通过资格审查的候选人", "No candidate passed the review");
            case SelectionStage.Scoring when today > selection.VoteTo:
                throw new RuleViolationException("to", "网络投票的结束日期已过，请另行组织", "The voting period is over already");
            case SelectionStage.Publicity when today <= selection.VoteTo:
                throw new RuleViolationException("to", $"网络投票到 {selection.VoteTo:yyyy-MM-dd} 结束，结束后才能公示", "Voting has not ended yet");
            case SelectionStage.Publicity when command.PublicityUntil is not { } until || until <= today:
                throw new RuleViolationException("publicityUntil", "须填写公示截止日期，且晚于今天", "Give the publicity period's last day, after today");
            case SelectionStage.Publicity:
                await ResultsAsync(selection, qualified, ct);
                selection.PublicityUntil = command.PublicityUntil;
                break;
            case SelectionStage.Announced when today <= selection.PublicityUntil:
                throw new RuleViolationException("to", $"公示到 {selection.PublicityUntil:yyyy-MM-dd} 结束，结束后才能公布结果", "The publicity period has not ended");
            case SelectionStage.Announced when selection.Objections.Any(o => o.Answer is null):
                throw new RuleViolationException("to", "还有异议未答复，答复后才能公布结果", "Every objection must be answered first");
            case SelectionStage.Announced:
                await HonourWinnersAsync(selection, ct);
                break;
        }
        selection.Stage = command.To;
        selection.History.Add(new StageChange(command.To, caller.Login, clock.Now));
        session.Store(selection);
        // Hand-overs reach the inbox: the candidates wait for review by the organiser's officers; jurors are asked to score.
        var link = $"/netizen-registry/selections/{selection.Id}";
        if (command.To == SelectionStage.Qualification)
            outbox.Send(session, new Notify(NotificationRecipients.NearestWith(NetizenRegistryPermissions.Manage, [new OrgUnitId(selection.UnitId)]),
                new($"待资格审查：{selection.Name}", $"Candidates to review: {selection.Name}"),
                new($"「{selection.Name}」的 {selection.Candidates.Count} 名候选人等待资格审查（推荐人不能审查自己推荐的候选人）。",
                    $"{selection.Candidates.Count} candidate(s) of {selection.Name} wait for the qualification review."), link, "netizen-registry.selection-review"));
        if (command.To == SelectionStage.Scoring)
            outbox.Send(session, new Notify(NotificationRecipients.Users(selection.Jurors),
                new($"请为候选人评分：{selection.Name}", $"Please score the candidates: {selection.Name}"),
                new($"您是「{selection.Name}」的评委，请为 {qualified.Count} 名候选人评分（每人一次，0–100 分）。",
                    $"You are a juror of {selection.Name}: score its {qualified.Count} candidate(s), once each, 0–100."), link, "netizen-registry.selection-scoring"));
        await session.SaveChangesAsync(ct);
        return await SelectionViews.OfAsync(selection, session, scope, caller, clock, ct);
    }

    /// <summary>Final = 0.7 × the jury's average + 0.3 × 100 × votes ÷ the most votes any candidate got; the
    /// campaign's number of winners, best first, are proposed for publicity.</summary>
    private async Task ResultsAsync(Selection selection, List<Candidate> qualified, CancellationToken ct)
    {
        var scores = await session.Query<JuryScore>().Where(x => x.SelectionId == selection.Id).ToListAsync(ct);
        foreach (var c in qualified)
        {
            var mine = scores.Where(x => x.CandidateId == c.Id).ToList();
            if (mine.Count == 0)
                throw new RuleViolationException("to", "还有候选人没有评委评分", "A candidate has no jury score yet");
            (c.JuryAverage, c.JuryScores) = (mine.Average(x => (double)x.Score), mine.Count);
            c.Votes = await session.Query<Vote>().Where(v => v.SelectionId == selection.Id && v.CandidateId == c.Id).CountAsync(ct);
        }
        var most = qualified.Max(c => c.Votes);
        foreach (var c in qualified)
            c.Final = JuryWeight * c.JuryAverage!.Value + (1 - JuryWeight) * (most == 0 ? 0 : 100.0 * c.Votes / most);
        var ranked = qualified.OrderByDescending(c => c.Final).ThenByDescending(c => c.JuryAverage).ThenByDescending(c => c.Votes).ToList();
        for (var i = 0; i < ranked.Count; i++) ranked[i].Winner = i < selection.Winners;
    }

    /// <summary>Each winner not struck off gets the campaign's honour on their profile, at the campaign's level.</summary>
    private async Task HonourWinnersAsync(Selection selection, CancellationToken ct)
    {
        var winners = selection.Candidates.Where(c => c.Winner && c.Status == CandidateStatus.Qualified).ToList();
        // The winners' rows are locked (in the campaign's transaction) before they are read: an officer editing a winner's
        // profile at this moment would otherwise store it back without the honour, or this would undo the edit.
        await session.LockRowsAsync<Profile>(store, winners.Select(w => w.ProfileId).ToList(), ct);
        var profiles = await session.LoadManyInScopeAsync<Profile>(scope, winners.Select(w => w.ProfileId).ToList(), ct);
        foreach (var profile in profiles.Where(p => p.AnonymisedAt is null))
        {
            if (profile.Honours.Any(h => h.Title == selection.HonourTitle && h.AwardedOn == clock.Today)) continue;
            profile.Honours.Add(new Honour(Guid.CreateVersion7(), selection.HonourTitle, selection.Level, selection.UnitName, clock.Today));
            session.Store(profile);
        }
    }
}

/// <summary>The selection's own permission: scoring, named so in the audit trail.</summary>
internal static class SelectionPermissions
{
    public const string Score = "netizen-registry.score";
}

/// <summary>A juror scores a qualified candidate, 0–100, once: a second score is refused by the database.</summary>
[RequiresPermission(SelectionPermissions.Score)]
internal sealed record ScoreCandidate(Guid Id, Guid CandidateId, int Score) : ICommand<SelectionView>;

internal sealed class ScoreCandidateValidator : AbstractValidator<ScoreCandidate>
{
    public ScoreCandidateValidator()
    {
        RuleFor(x => x.CandidateId).NotEmpty();
        RuleFor(x => x.Score).InclusiveBetween(0, 100);
    }
}

internal sealed class ScoreCandidateHandler(IDocumentSession session, ICallerScope scope, ICaller caller, IOfficeClock clock)
    : IRequestHandler<ScoreCandidate, SelectionView>
{
    public async Task<SelectionView> Handle(ScoreCandidate command, CancellationToken ct)
    {
        var selection = await session.LoadVisibleSelection(scope, command.Id, ct);
        if (!selection.Jurors.Contains(caller.Login)) throw new ForbiddenException("netizen-registry.juror");
        selection.InStage(SelectionStage.Scoring, "评分");
        var candidate = selection.CandidateOf(command.CandidateId);
        if (candidate.Status != CandidateStatus.Qualified)
            throw new RuleViolationException("candidateId", "该候选人未通过资格审查", "The candidate is not qualified");
        session.Insert(new JuryScore
        {
            Id = JuryScore.IdOf(selection.Id, candidate.Id, caller.Login), SelectionId = selection.Id, CandidateId = candidate.Id,
            Juror = caller.Login, Score = command.Score, At = clock.Now,
        });
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Duplicates.IsDuplicate(e))
        {
            throw new RuleViolationException("candidateId", "您已为该候选人评过分，不能再次评分", "You scored this candidate already");
        }
        return await SelectionViews.OfAsync(selection, session, scope, caller, clock, ct);
    }
}

/// <summary>Anyone signed in lodges an objection against a candidate while the campaign is in publicity (公示 is public).</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
internal sealed record LodgeObjection(Guid Id, Guid CandidateId, string Text) : ICommand<ObjectionView>;

internal sealed class LodgeObjectionValidator : AbstractValidator<LodgeObjection>
{
    public LodgeObjectionValidator()
    {
        RuleFor(x => x.CandidateId).NotEmpty();
        RuleFor(x => x.Text).NotEmpty().MinimumLength(4).MaximumLength(2000);
    }
}

[ReadsAcrossScopes("公示 is public: anyone signed in may object to a candidate of a campaign in publicity, whatever their unit")]
internal sealed class LodgeObjectionHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, ICaller caller, IOfficeClock clock, IOutbox outbox)
    : IRequestHandler<LodgeObjection, ObjectionView>
{
    public async Task<ObjectionView> Handle(LodgeObjection command, CancellationToken ct)
    {
        await session.LockSelectionAsync(store, command.Id, ct);
        var selection = await session.LoadAsync<Selection>(command.Id, ct);
        // Outside the caller's subtree a campaign exists only while it is in publicity.
        if (selection is null || (selection.Stage != SelectionStage.Publicity && !await scope.CoversAsync(selection.UnitPath, ct)))
            throw new NotFoundException("selection", command.Id.ToString());
        selection.InStage(SelectionStage.Publicity, "提出异议");
        if (clock.Today > selection.PublicityUntil)
            throw new RuleViolationException("id", "公示期已结束", "The publicity period is over");
        var candidate = selection.CandidateOf(command.CandidateId);
        if (candidate.Status != CandidateStatus.Qualified)
            throw new RuleViolationException("candidateId", "该候选人不在公示名单中", "The candidate is not on the published list");
        var objection = new Objection { Id = Guid.CreateVersion7(), CandidateId = candidate.Id, Text = command.Text.Trim(), By = caller.Login, At = clock.Now };
        selection.Objections.Add(objection);
        session.Store(selection);
        outbox.Send(session, new Notify(NotificationRecipients.NearestWith(NetizenRegistryPermissions.Manage, [new OrgUnitId(selection.UnitId)]),
            new($"公示异议待答复：{selection.Name}", $"An objection to answer: {selection.Name}"),
            new($"「{selection.Name}」公示期间收到一条异议，公布结果前须答复。", $"An objection was lodged during the publicity of {selection.Name}; answer it before the announcement."),
            $"/netizen-registry/selections/{selection.Id}", "netizen-registry.selection-objection"));
        await session.SaveChangesAsync(ct);
        return new ObjectionView(objection.Id, objection.CandidateId, objection.Text, objection.By, objection.At, null, false, null, null);
    }
}

/// <summary>An officer answers an objection; an upheld one strikes the candidate off.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record AnswerObjection(Guid Id, Guid ObjectionId, string Answer, bool Upheld) : ICommand<SelectionView>;

internal sealed class AnswerObjectionValidator : AbstractValidator<AnswerObjection>
{
    public AnswerObjectionValidator()
    {
        RuleFor(x => x.ObjectionId).NotEmpty();
        RuleFor(x => x.Answer).NotEmpty().MinimumLength(2).MaximumLength(2000);
    }
}

internal sealed class AnswerObjectionHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, ICaller caller, IOfficeClock clock)
    : IRequestHandler<AnswerObjection, SelectionView>
{
    public async Task<SelectionView> Handle(AnswerObjection command, CancellationToken ct)
    {
        await session.LockSelectionAsync(store, command.Id, ct);
        var selection = await session.LoadSelection(scope, command.Id, ct);
        selection.InStage(SelectionStage.Publicity, "答复异议");
        var objection = selection.Objections.FirstOrDefault(o => o.Id == command.ObjectionId)
                        ?? throw new RuleViolationException("objectionId", "异议不存在", "No such objection");
        if (objection.Answer is not null) throw new RuleViolationException("objectionId", "该异议已答复", "The objection is answered already");
        (objection.Answer, objection.Upheld, objection.AnsweredBy, objection.AnsweredAt) = (command.Answer.Trim(), command.Upheld, caller.Login, clock.Now);
        if (command.Upheld) selection.CandidateOf(objection.CandidateId).Status = CandidateStatus.Disqualified;
        session.Store(selection);
        await session.SaveChangesAsync(ct);
        return await SelectionViews.OfAsync(selection, session, scope, caller, clock, ct);
    }
}

/// <summary>The campaigns of the caller's subtree and those run above them, newest first.</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record ListSelections : IRequest<IReadOnlyList<SelectionSummary>>;

public sealed record SelectionSummary(Guid Id, string Name, string UnitName, SelectionStage Stage, DateOnly VoteFrom, DateOnly VoteTo,
    int Candidates, int Qualified, bool IsJuror);

internal sealed class ListSelectionsHandler(IQuerySession session, ICallerScope scope, ICaller caller) : IRequestHandler<ListSelections, IReadOnlyList<SelectionSummary>>
{
    public async Task<IReadOnlyList<SelectionSummary>> Handle(ListSelections query, CancellationToken ct) =>
        (await (await session.QueryInScopeOrAboveAsync<Selection>(scope, ct)).OrderByDescending(s => s.CreatedAt).Take(500).ToListAsync(ct))
        .Select(s => new SelectionSummary(s.Id, s.Name, s.UnitName, s.Stage, s.VoteFrom, s.VoteTo, s.Candidates.Count,
            s.Candidates.Count(c => c.Status == CandidateStatus.Qualified), s.Jurors.Contains(caller.Login))).ToList();
}

/// <summary>One campaign of the caller's subtree or run above them.</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record GetSelection(Guid Id) : IRequest<SelectionView>;

internal sealed class GetSelectionHandler(IQuerySession session, ICallerScope scope, ICaller caller, IOfficeClock clock) : IRequestHandler<GetSelection, SelectionView>
{
    public async Task<SelectionView> Handle(GetSelection query, CancellationToken ct) =>
        await SelectionViews.OfAsync(await session.LoadVisibleSelection(scope, query.Id, ct), session, scope, caller, clock, ct);
}

internal static class Duplicates
{
    /// <summary>The insert met a row with the same key (Marten wraps PostgreSQL's unique violation).</summary>
    public static bool IsDuplicate(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e.GetType().Name == "DocumentAlreadyExistsException" || e is Npgsql.PostgresException { SqlState: "23505" }) return true;
        return false;
    }
}

internal sealed record NominationBody(Guid ProfileId, string Reason);
internal sealed record ReviewBody(Guid CandidateId, bool Qualified, string Note);
internal sealed record AdvanceBody(SelectionStage To, DateOnly? PublicityUntil);
internal sealed record ScoreBody(Guid CandidateId, int Score);
internal sealed record ObjectionBody(Guid CandidateId, string Text);
internal sealed record AnswerBody(string Answer, bool Upheld);

internal static class SelectionEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        const string manage = NetizenRegistryPermissions.Manage, read = NetizenRegistryPermissions.Read;
        routes.MapPost("/selections", async (CreateSelection command, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(command, ct)))
            .RequirePermission(manage).WithSummary("Start a selection campaign (最美好网民评选) of the city or a county")
            .Produces<SelectionView>().ProducesValidationProblem();
        routes.MapGet("/selections", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListSelections(), ct)))
            .RequirePermission(read).WithSummary("The selection campaigns of the caller's subtree").Produces<IReadOnlyList<SelectionSummary>>();
        routes.MapGet("/selections/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetSelection(id), ct)))
            .RequirePermission(read).WithSummary("One selection campaign: stage, candidates, review, scores given, votes, objections")
            .Produces<SelectionView>().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/selections/{id:guid}/nominations", async (Guid id, NominationBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new NominateCandidate(id, body.ProfileId, body.Reason), ct)))
            .RequirePermission(manage).WithSummary("Nominate a personality of the caller's subtree, with a reason")
            .Produces<SelectionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/selections/{id:guid}/reviews", async (Guid id, ReviewBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ReviewCandidate(id, body.CandidateId, body.Qualified, body.Note), ct)))
            .RequirePermission(manage).WithSummary("Pass or refuse a candidate in the qualification review, with a reason (not by who nominated them)")
            .Produces<SelectionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/selections/{id:guid}/stage", async (Guid id, AdvanceBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new AdvanceSelection(id, body.To, body.PublicityUntil), ct)))
            .RequirePermission(manage).WithSummary("Move the campaign to its next stage")
            .Produces<SelectionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/selections/{id:guid}/scores", async (Guid id, ScoreBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ScoreCandidate(id, body.CandidateId, body.Score), ct)))
            .RequirePermission(SelectionPermissions.Score).WithSummary("A juror scores a qualified candidate, 0–100, once")
            .Produces<SelectionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/selections/{id:guid}/objections", async (Guid id, ObjectionBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new LodgeObjection(id, body.CandidateId, body.Text), ct)))
            .RequirePermission(RequiresPermissionAttribute.AnyUser).WithSummary("Object to a candidate during the publicity period (anyone signed in)")
            .Produces<ObjectionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/selections/{id:guid}/objections/{objectionId:guid}/answer", async (Guid id, Guid objectionId, AnswerBody body, IMediator m,
                CancellationToken ct) => Results.Ok(await m.Send(new AnswerObjection(id, objectionId, body.Answer, body.Upheld), ct)))
            .RequirePermission(manage).WithSummary("Answer an objection (an upheld one strikes the candidate off)")
            .Produces<SelectionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
