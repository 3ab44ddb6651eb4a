using NetInfoSuite.Modules.Compliance.Notices;

namespace NetInfoSuite.Modules.Compliance.Campaigns;

/// <summary>Records a target's checklist and result. The organising office records any target; an office below it (a county
/// in the city's campaign) records the targets of its own subtree.</summary>
[RequiresPermission(CompliancePermissions.Notices)]
internal sealed record RecordTargetReview(Guid Id, Guid Target, IReadOnlyList<ChecklistAnswer> Answers, TargetResult Result, string? Note)
    : ICommand<CampaignView>;

public sealed record CampaignFindingResult(Guid Case, Guid Notice, string Number);

/// <summary>A finding at a target becomes a review case and a rectification notice for it in one step (one transaction:
/// both or neither, and a refused one takes no notice number), both linked to the campaign; a target not judged yet
/// becomes "under rectification". <see cref="Unit"/> is the target or a unit below it.</summary>
[RequiresPermission(CompliancePermissions.Notices)]
internal sealed record RecordCampaignFinding(Guid Id, Guid Target, Guid Unit, CaseSubjectKind SubjectKind, string Subject, CaseSeverity Severity,
    string Finding, string? EvidenceUrl, string Requirements, DateOnly Deadline) : ICommand<CampaignFindingResult>;

internal sealed class RecordTargetReviewValidator : AbstractValidator<RecordTargetReview>
{
    public RecordTargetReviewValidator()
    {
        RuleFor(x => x.Result).IsInEnum();
        RuleFor(x => x.Note).MaximumLength(2_000);
        RuleFor(x => x.Answers).NotNull().Must(a => a.Count <= 50);
        RuleForEach(x => x.Answers).Must(a => (a.Note ?? "").Length <= 500)
            .WithMessage(_ => new LocalizedText("每条检查说明不超过 500 字", "A point's note must not exceed 500 characters").Current);
    }
}

internal sealed class RecordCampaignFindingValidator : AbstractValidator<RecordCampaignFinding>
{
    public RecordCampaignFindingValidator()
    {
        RuleFor(x => x.Unit).NotEmpty();
        RuleFor(x => x.SubjectKind).IsInEnum();
        RuleFor(x => x.Severity).IsInEnum();
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Finding).NotEmpty().MaximumLength(5_000);
        RuleFor(x => x.Requirements).NotEmpty().MaximumLength(20_000);
        RuleFor(x => x.Deadline).NotEmpty();
        RuleFor(x => x.EvidenceUrl).MaximumLength(2_000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            .When(x => !string.IsNullOrWhiteSpace(x.EvidenceUrl))
            .WithMessage(_ => new LocalizedText("证据链接须为 http(s) 网址", "The evidence link must be an http(s) address").Current);
    }
}

internal sealed class CampaignTargetHandlers(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time, IOfficeClock clock,
    NoticeIssuer issuer, IMediator mediator)
    : IRequestHandler<RecordTargetReview, CampaignView>, IRequestHandler<RecordCampaignFinding, CampaignFindingResult>
{
    public async Task<CampaignView> Handle(RecordTargetReview command, CancellationToken ct)
    {
        var (campaign, _) = await TargetAsync(command.Id, command.Target, ct);
        var items = campaign.Checklist.Select(i => i.Id).ToHashSet();
        if (command.Answers.Any(a => !items.Contains(a.Item)))
            throw new RuleViolationException("answers", "有检查要点不属于本次专项治理", "A point answered is not on the campaign's checklist");
        var answers = command.Answers.GroupBy(a => a.Item).Select(g => g.Last() with { Note = string.IsNullOrWhiteSpace(g.Last().Note) ? null : g.Last().Note!.Trim() }).ToList();
        if (command.Result == TargetResult.Compliant && answers.Any(a => a.Met == false))
            throw new RuleViolationException("result", "有未达标的检查要点，不能判定为合格", "A point is not met: the target cannot be found compliant");
        if (command.Result == TargetResult.Compliant && answers.Count(a => a.Met == true) < items.Count)
            throw new RuleViolationException("result", "检查要点尚未逐项判定达标，不能判定为合格", "Every point must be met before the target is found compliant");
        campaign.Reviews.RemoveAll(r => r.Target == command.Target);
        campaign.Reviews.Add(new TargetReview(command.Target, answers, command.Result, command.Note?.Trim() ?? "", caller.Login, time.GetUtcNow()));
        session.Store(campaign);
        await session.SaveChangesAsync(ct);
        return await mediator.Send(new GetCampaign(campaign.Id), ct);
    }

    public async Task<CampaignFindingResult> Handle(RecordCampaignFinding command, CancellationToken ct)
    {
        var (campaign, target) = await TargetAsync(command.Id, command.Target, ct);
        var unit = await scope.UsableAsync(command.Unit, "unit", ct);
        if (!unit.Path.StartsWith(target.Path, StringComparison.Ordinal))
            throw new RuleViolationException("unit", $"问题单位须为{target.Name}或其下属单位", $"The unit must be {target.Name} or one below it");
        var found = new ReviewCase
        {
            Id = Guid.CreateVersion7(), Unit = unit.Id, UnitName = unit.Name, UnitPath = unit.Path, SubjectKind = command.SubjectKind,
            Subject = command.Subject.Trim(), Source = CaseSource.Patrol, Severity = command.Severity, Finding = command.Finding.Trim(),
            EvidenceUrl = string.IsNullOrWhiteSpace(command.EvidenceUrl) ? null : command.EvidenceUrl.Trim(),
            SourceModule = "compliance", Status = CaseStatus.Open, Owner = caller.Login, OpenedBy = caller.Login, OpenedAt = time.GetUtcNow(),
        };
        // Checks the recipient and the deadline, then numbers the notice in the session's transaction; one commit below.
        var notice = await issuer.IssueAsync(new IssueRectificationNotice(new OrgUnitId(unit.Id), found.Subject, found.Finding, command.Requirements.Trim(),
            command.Deadline, []), [found], ct);
        campaign.Cases.Add(found.Id);
        campaign.Notices.Add(notice.Id);
        if (campaign.Reviews.FirstOrDefault(r => r.Target == target.Id) is not { Result: not TargetResult.Pending } )
        {
            var answers = campaign.Reviews.FirstOrDefault(r => r.Target == target.Id)?.Answers ?? [];
            campaign.Reviews.RemoveAll(r => r.Target == target.Id);
            campaign.Reviews.Add(new TargetReview(target.Id, answers, TargetResult.Rectifying, "", caller.Login, time.GetUtcNow()));
        }
        session.Store(campaign);
        await session.SaveChangesAsync(ct);
        return new CampaignFindingResult(found.Id, notice.Id, notice.Number);
    }

    // The campaign (readable by the caller) and one of its targets that the caller's office covers, while it runs.
    // Several offices record their targets at once: the campaign's row is locked, so each adds to what the others stored
    // (a finding's case and notice were stored while the campaign kept no trace of them).
    private async Task<(Campaign, OrgPlace)> TargetAsync(Guid id, Guid target, CancellationToken ct)
    {
        await RowLocks.ForUpdateAsync<Campaign>(session, id, ct);
        var campaign = await session.LoadInScopeOrAboveAsync<Campaign>(scope, id, ct) ?? throw new NotFoundException("campaign", id.ToString());
        if (!campaign.Targets.Contains(target))
            throw new RuleViolationException("target", "该单位不是本次专项治理的对象单位", "The unit is not a target of the campaign");
        if (await scope.PlaceOfAsync(target, ct) is not { } place || !await scope.CoversAsync(place.Path, ct))
            throw new RuleViolationException("target", "该对象单位不在本单位范围内", "The target is outside your part of the tree");
        if (clock.Today < campaign.From)
            throw new RuleViolationException("target", $"本次专项治理 {campaign.From:yyyy-MM-dd} 开始，尚不能记录检查结果", $"The campaign starts on {campaign.From:yyyy-MM-dd}");
        return (campaign, place);
    }
}
