namespace NetInfoSuite.Modules.Compliance.Cases;

public sealed record CaseRow(Guid Id, string Subject, CaseSubjectKind SubjectKind, string UnitName, CaseSource Source, CaseSeverity Severity,
    CaseStatus Status, string Owner, DateTimeOffset OpenedAt);

public sealed record CaseNoticeView(Guid Id, string Number, NoticeStatus Status);

public sealed record CaseView(Guid Id, Guid Unit, string UnitName, CaseSubjectKind SubjectKind, string Subject, CaseSource Source, string? SourceModule,
    CaseSeverity Severity, string Finding, string? EvidenceUrl, string? EvidenceExcerpt, bool HasScreenshot, CaseStatus Status, string? DismissReason,
    string Owner, string OpenedBy, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, IReadOnlyList<CaseNoticeView> Notices, Guid? Website = null);

/// <summary>The caller's cases, newest first, paged; optionally of one status or severity.</summary>
[RequiresPermission(CompliancePermissions.Read)]
internal sealed record ListCases(CaseStatus? Status = null, CaseSeverity? Severity = null, string? Text = null, int Page = 1, int PageSize = 50)
    : IRequest<Page<CaseRow>>;

/// <summary>The cases a list shows with the same filters, all of them (up to <see cref="Workbooks.MaxRows"/>), for Excel.</summary>
[RequiresPermission(CompliancePermissions.Read)]
internal sealed record ExportCases(CaseStatus? Status = null, CaseSeverity? Severity = null, string? Text = null) : IRequest<IReadOnlyList<CaseRow>>;

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record GetCase(Guid Id) : IRequest<CaseView>;

/// <summary>The caller takes the case over (becomes its owner).</summary>
[RequiresPermission(CompliancePermissions.Cases)]
internal sealed record TakeCase(Guid Id) : ICommand<CaseView>;

/// <summary>不予处理: closes an open case with the reason.</summary>
[RequiresPermission(CompliancePermissions.Cases)]
internal sealed record DismissCase(Guid Id, string Reason) : ICommand<CaseView>;

/// <summary>The screenshot of the finding (PNG, JPEG or WebP, judged by its first bytes, up to 10 MB).</summary>
[RequiresPermission(CompliancePermissions.Cases)]
internal sealed record AttachCaseScreenshot(Guid Id, byte[] Content) : ICommand<CaseView>;

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record GetCaseScreenshot(Guid Id) : IRequest<(StoredFiles.Info Info, byte[] Content)>;

internal sealed class DismissCaseValidator : AbstractValidator<DismissCase>
{
    public DismissCaseValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(2_000);
}

internal sealed class AttachCaseScreenshotValidator : AbstractValidator<AttachCaseScreenshot>
{
    public AttachCaseScreenshotValidator() => RuleFor(x => x.Content).NotEmpty().OverridePropertyName("file")
        .Must(c => c.Length <= StoredFiles.MaxBytes).WithMessage(_ => new LocalizedText("截图不能超过 10 MB", "The screenshot must not exceed 10 MB").Current)
        .Must(c => StoredFiles.TypeOf(c, "") is { } type && StoredFiles.IsImage(type))
        .WithMessage(_ => new LocalizedText("截图须为 PNG、JPEG 或 WebP 图片（按文件内容识别）", "The screenshot must be a PNG, JPEG or WebP image (judged by its content)").Current);
}

internal sealed class CaseHandlers(IDocumentSession session, IDocumentStore store, ICallerScope scope, ICaller caller, TimeProvider time, IMediator mediator)
    : IRequestHandler<ListCases, Page<CaseRow>>, IRequestHandler<ExportCases, IReadOnlyList<CaseRow>>, IRequestHandler<GetCase, CaseView>, IRequestHandler<TakeCase, CaseView>,
      IRequestHandler<DismissCase, CaseView>, IRequestHandler<AttachCaseScreenshot, CaseView>, IRequestHandler<GetCaseScreenshot, (StoredFiles.Info, byte[])>
{
    public async Task<Page<CaseRow>> Handle(ListCases query, CancellationToken ct)
    {
        var cases = await FilteredAsync(query.Status, query.Severity, query.Text, ct);
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        var total = await cases.CountAsync(ct);
        var items = await cases.OrderByDescending(c => c.OpenedAt).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<CaseRow>(await RowsAsync(items, ct), page, size, total);
    }

    public async Task<IReadOnlyList<CaseRow>> Handle(ExportCases query, CancellationToken ct) =>
        await RowsAsync(await (await FilteredAsync(query.Status, query.Severity, query.Text, ct)).OrderByDescending(c => c.OpenedAt)
            .Take(Workbooks.MaxRows).ToListAsync(ct), ct);

    private async Task<IQueryable<ReviewCase>> FilteredAsync(CaseStatus? status, CaseSeverity? severity, string? text, CancellationToken ct)
    {
        var cases = await session.QueryInScopeAsync<ReviewCase>(scope, ct);
        if (status is { } s) cases = cases.Where(c => c.Status == s);
        if (severity is { } v) cases = cases.Where(c => c.Severity == v);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            cases = cases.Where(c => c.Subject.Contains(t) || c.UnitName.Contains(t) || c.Finding.Contains(t));
        }
        return cases;
    }

    private async Task<List<CaseRow>> RowsAsync(IReadOnlyList<ReviewCase> items, CancellationToken ct)
    {
        var names = await NamesAsync(items.Select(c => c.Owner), ct);
        return items.Select(c => new CaseRow(c.Id, c.Subject, c.SubjectKind, c.UnitName, c.Source, c.Severity, c.Status,
            names.GetValueOrDefault(c.Owner, ""), c.OpenedAt)).ToList();
    }

    public async Task<CaseView> Handle(GetCase query, CancellationToken ct) => await ViewAsync(await LoadAsync(query.Id, ct), ct);

    public async Task<CaseView> Handle(TakeCase command, CancellationToken ct)
    {
        var found = await LockedAsync(command.Id, ct);
        if (found.Status is CaseStatus.Closed or CaseStatus.Dismissed)
            throw new RuleViolationException("status", "案件已办结", "The case is already closed");
        found.Owner = caller.Login;
        return await SaveAsync(found, ct);
    }

    public async Task<CaseView> Handle(DismissCase command, CancellationToken ct)
    {
        var found = await LockedAsync(command.Id, ct);
        if (found.Status != CaseStatus.Open)
            throw new RuleViolationException("status", found.Status == CaseStatus.UnderRectification ? "案件已下发整改，不能不予处理" : "案件已办结",
                found.Status == CaseStatus.UnderRectification ? "A notice was issued for the case; it cannot be dismissed" : "The case is already closed");
        (found.Status, found.DismissReason, found.ClosedAt) = (CaseStatus.Dismissed, command.Reason.Trim(), time.GetUtcNow());
        return await SaveAsync(found, ct);
    }

    public async Task<CaseView> Handle(AttachCaseScreenshot command, CancellationToken ct)
    {
        var found = await LockedAsync(command.Id, ct);
        if (found.Status is CaseStatus.Closed or CaseStatus.Dismissed)
            throw new RuleViolationException("status", "案件已办结", "The case is already closed");
        found.Screenshot = await StoredFiles.StoreAsync(session, found.Id, "截图", StoredFiles.TypeOf(command.Content, "")!, command.Content, caller.Login,
            time.GetUtcNow(), ct);
        return await SaveAsync(found, ct);
    }

    public async Task<(StoredFiles.Info, byte[])> Handle(GetCaseScreenshot query, CancellationToken ct)
    {
        var found = await LoadAsync(query.Id, ct);
        return found.Screenshot is { } id && await StoredFiles.LoadAsync(store, found.Id, id, ct) is { } file ? file
            : throw new NotFoundException("screenshot", query.Id.ToString());
    }

    private Task<ReviewCase> LoadAsync(Guid id, CancellationToken ct) => session.LoadInScopeOrThrowAsync<ReviewCase>(scope, id, "case", ct);

    // A case changed by two people at once (taken over, dismissed, a screenshot attached): the second reads the first's change.
    private async Task<ReviewCase> LockedAsync(Guid id, CancellationToken ct)
    {
        await RowLocks.ForUpdateAsync<ReviewCase>(session, id, ct);
        return await LoadAsync(id, ct);
    }

    private async Task<CaseView> SaveAsync(ReviewCase found, CancellationToken ct)
    {
        session.Store(found);
        await session.SaveChangesAsync(ct);
        return await ViewAsync(found, ct);
    }

    private async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string> logins, CancellationToken ct)
    {
        var list = logins.Where(l => l.Length > 0).Distinct().ToList();
        return list.Count == 0 ? new Dictionary<string, string>() : await mediator.Send(new GetPeopleNames(list), ct);
    }

    private async Task<CaseView> ViewAsync(ReviewCase c, CancellationToken ct)
    {
        var names = await NamesAsync([c.Owner, c.OpenedBy], ct);
        var notices = await session.LoadManyInScopeAsync<Notice>(scope, c.Notices, ct);
        return new CaseView(c.Id, c.Unit, c.UnitName, c.SubjectKind, c.Subject, c.Source, c.SourceModule, c.Severity, c.Finding, c.EvidenceUrl,
            c.EvidenceExcerpt, c.Screenshot is not null, c.Status, c.DismissReason, names.GetValueOrDefault(c.Owner, ""),
            names.GetValueOrDefault(c.OpenedBy, ""), c.OpenedAt, c.ClosedAt,
            notices.Select(n => new CaseNoticeView(n.Id, n.Number, n.Status)).ToList(), c.Website);
    }
}

internal static class CaseEndpoints
{
    public sealed record OpenBody(Guid? Unit, CaseSubjectKind? SubjectKind, string? Subject, CaseSource? Source, CaseSeverity? Severity, string? Finding,
        string? EvidenceUrl, string? EvidenceExcerpt);
    public sealed record DismissBody(string? Reason);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/cases", async (OpenBody body, IMediator m, CancellationToken ct) =>
            {
                var id = await m.Send(new OpenReviewCase(new OrgUnitId(body.Unit ?? Guid.Empty), body.SubjectKind ?? CaseSubjectKind.Website, body.Subject ?? "",
                    body.Source ?? CaseSource.Patrol, body.Severity ?? CaseSeverity.Minor, body.Finding ?? "")
                    { EvidenceUrl = body.EvidenceUrl, EvidenceExcerpt = body.EvidenceExcerpt }, ct);
                return Results.Created($"/api/compliance/cases/{id}", await m.Send(new GetCase(id), ct));
            })
            .RequirePermission(CompliancePermissions.Cases).WithSummary("Open a review case (内容审核) about a website, account, app or unit")
            .Produces<CaseView>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapGet("/cases", async (CaseStatus? status, CaseSeverity? severity, string? text, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ListCases(status, severity, text, page ?? 1, pageSize ?? 50), ct)))
            .RequirePermission(CompliancePermissions.Read)
            .WithSummary("The caller's cases, newest first. Paged: `page` (from 1) and `pageSize` (50 by default, at most 200)").Produces<Page<CaseRow>>();
        routes.MapGet("/cases/export", async (CaseStatus? status, CaseSeverity? severity, string? text, IMediator m, IOfficeClock clock, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(CaseSheet.Rows(await m.Send(new ExportCases(status, severity, text), ct), clock), "审核案件.xlsx"))
            .RequirePermission(CompliancePermissions.Read)
            .WithSummary("The caller's cases as a workbook, with the list's filters (`status`, `severity`, `text`), newest first, at most 10,000");
        routes.MapGet("/cases/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetCase(id), ct)))
            .RequirePermission(CompliancePermissions.Read).WithSummary("A case with its notices").Produces<CaseView>();
        routes.MapPost("/cases/{id:guid}/take", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new TakeCase(id), ct)))
            .RequirePermission(CompliancePermissions.Cases).WithSummary("Become the case's owner").Produces<CaseView>().ProducesValidationProblem();
        routes.MapPost("/cases/{id:guid}/dismiss", async (Guid id, DismissBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new DismissCase(id, body.Reason ?? ""), ct)))
            .RequirePermission(CompliancePermissions.Cases).WithSummary("不予处理: close an open case with the reason").Produces<CaseView>().ProducesValidationProblem();
        routes.MapPost("/cases/{id:guid}/screenshot", async (Guid id, IFormFile? file, IMediator m, CancellationToken ct) =>
            {
                if (file is null || file.Length == 0) throw new RuleViolationException("file", "请选择截图", "Choose a screenshot");
                if (file.Length > StoredFiles.MaxBytes) throw new RuleViolationException("file", "截图不能超过 10 MB", "The screenshot must not exceed 10 MB");
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                return Results.Ok(await m.Send(new AttachCaseScreenshot(id, buffer.ToArray()), ct));
            })
            .RequirePermission(CompliancePermissions.Cases).WithSummary("The finding's screenshot (PNG, JPEG or WebP, up to 10 MB)")
            .Produces<CaseView>().ProducesValidationProblem().DisableAntiforgery();
        routes.MapGet("/cases/{id:guid}/screenshot", async (Guid id, IMediator m, CancellationToken ct) =>
            {
                var (info, content) = await m.Send(new GetCaseScreenshot(id), ct);
                return Results.File(content, info.ContentType);
            })
            .RequirePermission(CompliancePermissions.Read).WithSummary("The finding's screenshot");
    }
}
