namespace NetInfoSuite.Modules.Compliance.Websites;

/// <summary>Opens a review case from a website's last failed check, in one step: the site's owner unit, its name as the
/// subject, "automatic scan" as the source, the address as evidence and the problems found (as prefilled on the page, or
/// as the person changed them) as the finding; the case links back to the site. Asked twice for the same check, it answers
/// the case it opened.</summary>
[RequiresPermission(CompliancePermissions.Cases)]
internal sealed record OpenWebsiteCase(Guid Website, CaseSeverity Severity, string? Finding) : ICommand<Guid>;

/// <summary>The finding a case from the site's last failed check starts with (the page prefills it).</summary>
[RequiresPermission(CompliancePermissions.Cases)]
internal sealed record WebsiteCaseFinding(Guid Website) : IRequest<string>;

internal sealed class WebsiteCaseFindingHandler(IQuerySession session, ICallerScope scope, IOfficeClock clock) : IRequestHandler<WebsiteCaseFinding, string>
{
    public async Task<string> Handle(WebsiteCaseFinding query, CancellationToken ct)
    {
        var site = await session.LoadInScopeOrThrowAsync<Website>(scope, query.Website, "website", ct);
        return site.LastCheck is { } check ? OpenWebsiteCaseHandler.Finding(site, check, clock) : "";
    }
}

internal sealed class OpenWebsiteCaseValidator : AbstractValidator<OpenWebsiteCase>
{
    public OpenWebsiteCaseValidator()
    {
        RuleFor(x => x.Severity).IsInEnum();
        RuleFor(x => x.Finding).MaximumLength(5_000);
    }
}

internal sealed class OpenWebsiteCaseHandler(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time, IOfficeClock clock)
    : IRequestHandler<OpenWebsiteCase, Guid>
{
    public async Task<Guid> Handle(OpenWebsiteCase command, CancellationToken ct)
    {
        var site = await session.LoadInScopeOrThrowAsync<Website>(scope, command.Website, "website", ct);
        if (site.LastCheck is not { Failed: true } check)
            throw new RuleViolationException("website", "该网站最近一次检测未发现问题，无需立案", "The website's last check found nothing: there is no finding to open a case for");
        var key = $"compliance:website:{site.Id:N}:{check.At.UtcTicks}";
        if (await (await session.QueryInScopeAsync<ReviewCase>(scope, ct)).FirstOrDefaultAsync(c => c.SourceKey == key, ct) is { } known) return known.Id;
        var opened = new ReviewCase
        {
            Id = Guid.CreateVersion7(), Unit = site.Owner, UnitName = site.OwnerName, UnitPath = site.UnitPath, SubjectKind = CaseSubjectKind.Website,
            Subject = site.Name, Source = CaseSource.AutomaticScan, Severity = command.Severity,
            Finding = string.IsNullOrWhiteSpace(command.Finding) ? Finding(site, check, clock) : command.Finding.Trim(),
            EvidenceUrl = site.Address, EvidenceExcerpt = check.PersonalData.Count > 0 ? string.Join("、", check.PersonalData) : null,
            SourceModule = "compliance", SourceKey = key, Website = site.Id, Status = CaseStatus.Open, Owner = caller.Login, OpenedBy = caller.Login,
            OpenedAt = time.GetUtcNow(),
        };
        session.Store(opened);
        await session.SaveChangesAsync(ct);
        return opened.Id;
    }

    /// <summary>The finding a case from this check starts with, in the office's words (the page prefills it).</summary>
    public static string Finding(Website site, WebsiteCheck check, IOfficeClock clock) =>
        Ui.Text.T($"{clock.Show(check.At)} 检测 {site.Address}（备案号 {site.IcpNumber}）发现：{WebsiteText.Result(check)}。",
            $"The check of {site.Address} (ICP {site.IcpNumber}) at {clock.Show(check.At)} found: {WebsiteText.Result(check)}.");
}
