using NetInfoSuite.Modules.Compliance.Cases;
using NetInfoSuite.Modules.Compliance.Notices;
using NetInfoSuite.Modules.Compliance.Rules;

namespace NetInfoSuite.Modules.Compliance.Campaigns;

public sealed record CampaignRow(Guid Id, string Title, DateOnly From, DateOnly To, int Targets, int Cases, int Notices, string OrganizerName);

/// <summary>One target unit's results: the linked cases and notices about it or its subtree.</summary>
public sealed record CampaignTarget(Guid Id, string Name, string County, int Cases, int OpenCases, int Notices, int ClosedNotices, int OverdueNotices)
{
    /// <summary>The campaign's conclusion about it and its checklist as recorded (points met, not met).</summary>
    public TargetResult Result { get; init; }
    public int Met { get; init; }
    public int NotMet { get; init; }
    public string Note { get; init; } = "";
    public IReadOnlyList<ChecklistAnswer> Answers { get; init; } = [];
    /// <summary>Whether the caller records its checklist and findings (its office covers the target).</summary>
    public bool Recordable { get; init; }
}

/// <summary>Progress per county (the city's own units under the city's name).</summary>
public sealed record CountyProgress(string County, int Targets, int TargetsWithFindings, int Cases, int Notices, int ClosedNotices, int OverdueNotices)
{
    /// <summary>Targets with a result recorded, and of those found compliant and not.</summary>
    public int Checked { get; init; }
    public int Compliant { get; init; }
    public int NonCompliant { get; init; }
}

public sealed record CampaignCaseView(Guid Id, string Subject, string UnitName, CaseSeverity Severity, CaseStatus Status);

public sealed record CampaignNoticeView(Guid Id, string Number, string Subject, string RecipientName, DateOnly Deadline, NoticeStatus Status, bool Overdue);

public sealed record CampaignView(Guid Id, string Title, string Scope, DateOnly From, DateOnly To, RuleLink? Rule, string OrganizerName, bool Editable,
    IReadOnlyList<CampaignTarget> Targets, IReadOnlyList<CountyProgress> Counties, IReadOnlyList<CampaignCaseView> Cases,
    IReadOnlyList<CampaignNoticeView> Notices)
{
    public IReadOnlyList<ChecklistItem> Checklist { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Starts a special campaign (专项治理) of the caller's office, or (with an id) changes one.</summary>
[RequiresPermission(CompliancePermissions.Notices)]
internal sealed record SaveCampaign(Guid? Id, string Title, string? Scope, DateOnly From, DateOnly To, IReadOnlyList<Guid> Targets, Guid? Rule)
    : ICommand<CampaignView>
{
    /// <summary>The points checked at every target (检查要点), in order; null keeps them as they are.</summary>
    public IReadOnlyList<string>? Checklist { get; init; }
}

/// <summary>Links review cases and notices of the caller's subtree, about the campaign's targets, to it.</summary>
[RequiresPermission(CompliancePermissions.Notices)]
internal sealed record LinkToCampaign(Guid Id, IReadOnlyList<Guid>? Cases, IReadOnlyList<Guid>? Notices) : ICommand<CampaignView>;

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record GetCampaign(Guid Id) : IRequest<CampaignView>;

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record ListCampaigns(string? Text = null, int Page = 1, int PageSize = 20) : IRequest<Page<CampaignRow>>;

/// <summary>The cases and notices about the campaign's targets not linked to it yet (the newest 100 of each), to link.</summary>
[RequiresPermission(CompliancePermissions.Notices)]
internal sealed record GetCampaignCandidates(Guid Id) : IRequest<(IReadOnlyList<CampaignCaseView> Cases, IReadOnlyList<CampaignNoticeView> Notices)>;

internal sealed class SaveCampaignValidator : AbstractValidator<SaveCampaign>
{
    public SaveCampaignValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Scope).MaximumLength(5_000);
        RuleFor(x => x.From).NotEmpty();
        RuleFor(x => x.To).NotEmpty().GreaterThanOrEqualTo(x => x.From)
            .WithMessage(_ => new LocalizedText("结束日期不能早于开始日期", "The campaign cannot end before it starts").Current);
        RuleFor(x => x.Targets).NotNull().Must(t => t.Count is > 0 and <= 500)
            .WithMessage(_ => new LocalizedText("请选择 1 至 500 个对象单位", "Choose 1 to 500 target units").Current);
        RuleFor(x => x.Checklist).Must(c => c is null || c.Count <= 50 && c.All(i => (i ?? "").Trim().Length <= 200))
            .WithMessage(_ => new LocalizedText("检查要点至多 50 条，每条不超过 200 字", "At most 50 checklist points of 200 characters each").Current);
    }
}

internal sealed class LinkToCampaignValidator : AbstractValidator<LinkToCampaign>
{
    public LinkToCampaignValidator()
    {
        RuleFor(x => x.Cases).Must(c => c is null || c.Count <= 200);
        RuleFor(x => x.Notices).Must(n => n is null || n.Count <= 200);
    }
}

internal sealed class CampaignHandlers(IDocumentSession session, ICallerScope scope, ICaller caller, IOfficeClock clock, TimeProvider time)
    : IRequestHandler<SaveCampaign, CampaignView>, IRequestHandler<LinkToCampaign, CampaignView>, IRequestHandler<GetCampaign, CampaignView>,
      IRequestHandler<ListCampaigns, Page<CampaignRow>>,
      IRequestHandler<GetCampaignCandidates, (IReadOnlyList<CampaignCaseView>, IReadOnlyList<CampaignNoticeView>)>
{
    public async Task<CampaignView> Handle(SaveCampaign command, CancellationToken ct)
    {
        if (command.Id is { } changed) await RowLocks.ForUpdateAsync<Campaign>(session, changed, ct); // results recorded meanwhile are kept
        var campaign = command.Id is { } id ? await EditableAsync(id, ct) : new Campaign { Id = Guid.CreateVersion7() };
        var targets = new List<Guid>();
        foreach (var t in command.Targets.Distinct()) targets.Add((await scope.UsableAsync(t, "targets", ct)).Id);
        if (command.Rule is { } rule && await session.LoadInScopeOrAboveAsync<Rule>(scope, rule, ct) is null)
            throw new RuleViolationException("rule", "所选制度不存在或不在本单位范围内", "The rule chosen does not exist or is outside your part of the tree");
        if (command.Id is null)
        {
            var office = await scope.OfficeOfCallerAsync(caller, "organizer", ct);
            (campaign.Organizer, campaign.OrganizerName, campaign.UnitPath) = (office.Id, office.Name, office.Path);
            (campaign.CreatedBy, campaign.CreatedAt) = (caller.Login, time.GetUtcNow());
        }
        (campaign.Title, campaign.Scope, campaign.From, campaign.To, campaign.Targets, campaign.Rule) =
            (command.Title.Trim(), command.Scope?.Trim() ?? "", command.From, command.To, targets, command.Rule);
        if (command.Checklist is { } points)
        {
            // A point keeps its id (and the answers recorded for it) while its wording is unchanged.
            var known = campaign.Checklist.ToDictionary(i => i.Text);
            campaign.Checklist = points.Select(p => (p ?? "").Trim()).Where(p => p.Length > 0).Distinct()
                .Select(p => known.GetValueOrDefault(p) ?? new ChecklistItem(Guid.CreateVersion7(), p)).ToList();
        }
        campaign.Reviews = campaign.Reviews.Where(r => targets.Contains(r.Target)).ToList();
        session.Store(campaign);
        await session.SaveChangesAsync(ct);
        return await ViewAsync(campaign, ct);
    }

    public async Task<CampaignView> Handle(LinkToCampaign command, CancellationToken ct)
    {
        await RowLocks.ForUpdateAsync<Campaign>(session, command.Id, ct);
        var campaign = await EditableAsync(command.Id, ct);
        var paths = await TargetPathsAsync(campaign, ct);
        bool About(string path) => paths.Values.Any(p => path.StartsWith(p, StringComparison.Ordinal));
        var caseIds = (command.Cases ?? []).Distinct().ToList();
        var cases = await session.LoadManyInScopeAsync<ReviewCase>(scope, caseIds, ct);
        if (cases.Count != caseIds.Count || cases.Any(c => !About(c.UnitPath)))
            throw new RuleViolationException("cases", "有案件不存在、不在本单位范围内或不涉及本次专项治理的对象单位",
                "A case does not exist, is outside your part of the tree or is not about a target of the campaign");
        var noticeIds = (command.Notices ?? []).Distinct().ToList();
        var notices = await session.LoadManyInScopeAsync<Notice>(scope, noticeIds, ct);
        if (notices.Count != noticeIds.Count || notices.Any(n => !About(n.UnitPath)))
            throw new RuleViolationException("notices", "有整改通知书不存在、不在本单位范围内或不涉及本次专项治理的对象单位",
                "A notice does not exist, is outside your part of the tree or is not about a target of the campaign");
        campaign.Cases = campaign.Cases.Union(caseIds).ToList();
        campaign.Notices = campaign.Notices.Union(noticeIds).ToList();
        session.Store(campaign);
        await session.SaveChangesAsync(ct);
        return await ViewAsync(campaign, ct);
    }

    public async Task<CampaignView> Handle(GetCampaign query, CancellationToken ct) => await ViewAsync(await LoadAsync(query.Id, ct), ct);

    public async Task<Page<CampaignRow>> Handle(ListCampaigns query, CancellationToken ct)
    {
        var campaigns = await session.QueryInScopeOrAboveAsync<Campaign>(scope, ct);
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim();
            campaigns = campaigns.Where(c => c.Title.Contains(text) || c.Scope.Contains(text));
        }
        var size = Math.Clamp(query.PageSize, 1, 100);
        var page = Math.Max(1, query.Page);
        var total = await campaigns.CountAsync(ct);
        var items = await campaigns.OrderByDescending(c => c.From).ThenBy(c => c.Title).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<CampaignRow>(items.Select(c => new CampaignRow(c.Id, c.Title, c.From, c.To, c.Targets.Count, c.Cases.Count, c.Notices.Count,
            c.OrganizerName)).ToList(), page, size, total);
    }

    public async Task<(IReadOnlyList<CampaignCaseView>, IReadOnlyList<CampaignNoticeView>)> Handle(GetCampaignCandidates query, CancellationToken ct)
    {
        var campaign = await EditableAsync(query.Id, ct);
        var paths = (await TargetPathsAsync(campaign, ct)).Values.ToList();
        bool About(string path) => paths.Any(p => path.StartsWith(p, StringComparison.Ordinal));
        // Candidates are few per office: the newest of the caller's scope, kept when they are about a target.
        var cases = (await (await session.QueryInScopeAsync<ReviewCase>(scope, ct)).OrderByDescending(c => c.OpenedAt).Take(500).ToListAsync(ct))
            .Where(c => About(c.UnitPath) && !campaign.Cases.Contains(c.Id)).Take(100).Select(CaseView).ToList();
        var notices = (await (await session.QueryInScopeAsync<Notice>(scope, ct)).OrderByDescending(n => n.IssuedAt).Take(500).ToListAsync(ct))
            .Where(n => About(n.UnitPath) && !campaign.Notices.Contains(n.Id)).Take(100).Select(NoticeView).ToList();
        return (cases, notices);
    }

    private async Task<Campaign> LoadAsync(Guid id, CancellationToken ct) =>
        await session.LoadInScopeOrAboveAsync<Campaign>(scope, id, ct) ?? throw new NotFoundException("campaign", id.ToString());

    // Only the organising office (and those above it) change a campaign; an office below reads it.
    private async Task<Campaign> EditableAsync(Guid id, CancellationToken ct)
    {
        var campaign = await LoadAsync(id, ct);
        return await scope.CoversAsync(campaign.UnitPath, ct) ? campaign
            : throw new RuleViolationException("organizer", $"本次专项治理由{campaign.OrganizerName}组织，不能在此修改",
                $"{campaign.OrganizerName} runs this campaign; it cannot be changed here");
    }

    private async Task<Dictionary<Guid, string>> TargetPathsAsync(Campaign campaign, CancellationToken ct)
    {
        var paths = new Dictionary<Guid, string>();
        foreach (var t in campaign.Targets)
            if (await scope.PlaceOfAsync(t, ct) is { } place) paths[t] = place.Path;
        return paths;
    }

    internal static CampaignCaseView CaseView(ReviewCase c) => new(c.Id, c.Subject, c.UnitName, c.Severity, c.Status);

    private CampaignNoticeView NoticeView(Notice n) =>
        new(n.Id, n.Number, n.Subject, n.RecipientName, n.Deadline, n.Status, NoticeViews.IsOverdue(n, clock.Today));

    private async Task<CampaignView> ViewAsync(Campaign c, CancellationToken ct)
    {
        // What the caller may see of it: a county reading the city's campaign sees its own part.
        var cases = await session.LoadManyInScopeAsync<ReviewCase>(scope, c.Cases, ct);
        var notices = await session.LoadManyInScopeAsync<Notice>(scope, c.Notices, ct);
        var targets = new List<CampaignTarget>();
        foreach (var id in c.Targets)
        {
            if (await scope.PlaceOfAsync(id, ct) is not { } place || !await scope.CoversAsync(place.Path, ct)) continue;
            var county = place.RootFirst.LastOrDefault(u => u.Level == Contracts.Directory.OrgLevel.County)?.Name ?? place.RootFirst[0].Name;
            var mine = cases.Where(x => x.UnitPath.StartsWith(place.Path, StringComparison.Ordinal)).ToList();
            var sent = notices.Where(x => x.UnitPath.StartsWith(place.Path, StringComparison.Ordinal)).ToList();
            var review = c.Reviews.FirstOrDefault(r => r.Target == place.Id);
            var answers = review?.Answers.Where(a => c.Checklist.Any(i => i.Id == a.Item)).ToList() ?? [];
            targets.Add(new CampaignTarget(place.Id, place.Name, county, mine.Count, mine.Count(x => x.Status is CaseStatus.Open or CaseStatus.UnderRectification),
                sent.Count, sent.Count(x => !x.IsOpen), sent.Count(x => NoticeViews.IsOverdue(x, clock.Today)))
            {
                Result = review?.Result ?? TargetResult.Pending, Met = answers.Count(a => a.Met == true), NotMet = answers.Count(a => a.Met == false),
                Note = review?.Note ?? "", Answers = answers, Recordable = caller.Has(CompliancePermissions.Notices),
            });
        }
        var counties = targets.GroupBy(t => t.County).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CountyProgress(g.Key, g.Count(), g.Count(t => t.Cases + t.Notices > 0), g.Sum(t => t.Cases), g.Sum(t => t.Notices),
                g.Sum(t => t.ClosedNotices), g.Sum(t => t.OverdueNotices))
            {
                Checked = g.Count(t => t.Result != TargetResult.Pending), Compliant = g.Count(t => t.Result == TargetResult.Compliant),
                NonCompliant = g.Count(t => t.Result == TargetResult.NonCompliant),
            }).ToList();
        var rule = c.Rule is { } r ? await session.LoadInScopeOrAboveAsync<Rule>(scope, r, ct) : null;
        return new CampaignView(c.Id, c.Title, c.Scope, c.From, c.To, rule is null ? null : new RuleLink(rule.Id, rule.Title, rule.DocumentNumber),
            c.OrganizerName, caller.Has(CompliancePermissions.Notices) && await scope.CoversAsync(c.UnitPath, ct),
            targets.OrderBy(t => t.County, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToList(), counties,
            cases.Select(CaseView).ToList(), notices.Select(NoticeView).ToList()) { Checklist = c.Checklist, CreatedAt = c.CreatedAt };
    }
}

internal static class CampaignEndpoints
{
    public sealed record Body(string? Title, string? Scope, DateOnly? From, DateOnly? To, IReadOnlyList<Guid>? Targets, Guid? Rule,
        IReadOnlyList<string>? Checklist)
    {
        public SaveCampaign For(Guid? id) => new(id, Title ?? "", Scope, From ?? default, To ?? default, Targets ?? [], Rule) { Checklist = Checklist };
    }

    public sealed record LinkBody(IReadOnlyList<Guid>? Cases, IReadOnlyList<Guid>? Notices);
    public sealed record ReviewBody(IReadOnlyList<ChecklistAnswer>? Answers, TargetResult? Result, string? Note);
    public sealed record FindingBody(Guid? Unit, CaseSubjectKind? SubjectKind, string? Subject, CaseSeverity? Severity, string? Finding, string? EvidenceUrl,
        string? Requirements, DateOnly? Deadline);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/campaigns", async (Body body, IMediator m, CancellationToken ct) =>
            {
                var campaign = await m.Send(body.For(null), ct);
                return Results.Created($"/api/compliance/campaigns/{campaign.Id}", campaign);
            })
            .RequirePermission(CompliancePermissions.Notices).WithSummary("Start a special campaign (专项治理) of the caller's office")
            .Produces<CampaignView>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapPut("/campaigns/{id:guid}", async (Guid id, Body body, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(body.For(id), ct)))
            .RequirePermission(CompliancePermissions.Notices).WithSummary("Change a campaign").Produces<CampaignView>().ProducesValidationProblem();
        routes.MapPost("/campaigns/{id:guid}/links", async (Guid id, LinkBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new LinkToCampaign(id, body.Cases, body.Notices), ct)))
            .RequirePermission(CompliancePermissions.Notices).WithSummary("Link review cases and notices about the campaign's targets to it")
            .Produces<CampaignView>().ProducesValidationProblem();
        routes.MapGet("/campaigns", async (string? text, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ListCampaigns(text, page ?? 1, pageSize ?? 20), ct)))
            .RequirePermission(CompliancePermissions.Read)
            .WithSummary("Campaigns of the caller's office and those above it, newest first. Paged: `page` (from 1), `pageSize` (20, at most 100)")
            .Produces<Page<CampaignRow>>();
        routes.MapPut("/campaigns/{id:guid}/targets/{target:guid}", async (Guid id, Guid target, ReviewBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RecordTargetReview(id, target, body.Answers?.OfType<ChecklistAnswer>().ToList() ?? [], body.Result ?? TargetResult.Pending, body.Note), ct)))
            .RequirePermission(CompliancePermissions.Notices)
            .WithSummary("Record a target's checklist (`answers`: point id, met or not, note) and its result (Pending, Compliant, Rectifying, NonCompliant)")
            .Produces<CampaignView>().ProducesValidationProblem();
        routes.MapPost("/campaigns/{id:guid}/targets/{target:guid}/findings", async (Guid id, Guid target, FindingBody body, IMediator m, CancellationToken ct) =>
            {
                var found = await m.Send(new RecordCampaignFinding(id, target, body.Unit ?? target, body.SubjectKind ?? CaseSubjectKind.Website, body.Subject ?? "",
                    body.Severity ?? CaseSeverity.Moderate, body.Finding ?? "", body.EvidenceUrl, body.Requirements ?? "", body.Deadline ?? default), ct);
                return Results.Created($"/api/compliance/notices/{found.Notice}", found);
            })
            .RequirePermission(CompliancePermissions.Notices)
            .WithSummary("A finding at a target: opens a review case and issues a rectification notice for it in one step, both linked to the campaign")
            .Produces<CampaignFindingResult>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapGet("/campaigns/{id:guid}/export", async (Guid id, IMediator m, CancellationToken ct) =>
            {
                var campaign = await m.Send(new GetCampaign(id), ct);
                return NetInfoSuite.Ui.ExportCells.File(CampaignSheet.Rows(campaign), $"专项治理报告-{CampaignSheet.FileSafe(campaign.Title)}.xlsx");
            })
            .RequirePermission(CompliancePermissions.Read)
            .WithSummary("The campaign's report as a workbook: one row per target (county, result, checklist, cases, notices) and a total per county");
        routes.MapGet("/campaigns/export", async (string? text, IMediator m, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(CampaignSheet.ListRows((await m.Send(new ListCampaigns(text, 1, 100), ct)).Items), "专项治理.xlsx"))
            .RequirePermission(CompliancePermissions.Read).WithSummary("The campaign list as a workbook, with the list's filter (`text`), at most 100");
        routes.MapGet("/campaigns/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetCampaign(id), ct)))
            .RequirePermission(CompliancePermissions.Read).WithSummary("A campaign with its progress per target and per county").Produces<CampaignView>();
    }
}
