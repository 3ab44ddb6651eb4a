namespace NetInfoSuite.Modules.Compliance.Websites;

public sealed record WebsiteRow(Guid Id, string Name, string Address, string IcpNumber, int ProtectionLevel, string OwnerName, bool Active,
    WebsiteCheck? LastCheck);

public sealed record WebsiteView(Guid Id, string Name, string Address, string IcpNumber, int ProtectionLevel, string Hosting, Guid Owner,
    string OwnerName, string Contact, bool Active, WebsiteCheck? LastCheck, IReadOnlyList<WebsiteCheck> History, IReadOnlyList<WebsiteCaseLink> Cases);

/// <summary>A review case opened from one of the site's checks.</summary>
public sealed record WebsiteCaseLink(Guid Id, CaseSeverity Severity, CaseStatus Status, DateTimeOffset OpenedAt);

/// <summary>Registers a government website (or, with an id, changes one) of an owner unit of the caller's subtree.</summary>
[RequiresPermission(CompliancePermissions.Registry)]
internal sealed record SaveWebsite(Guid? Id, string Name, string Address, string IcpNumber, int ProtectionLevel, string? Hosting, Guid Owner,
    string? Contact, bool Active) : ICommand<WebsiteView>;

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record GetWebsite(Guid Id) : IRequest<WebsiteView>;

/// <summary>Which websites a list shows.</summary>
public enum WebsiteFilter { All, Failing, Unchecked }

[RequiresPermission(CompliancePermissions.Read)]
internal sealed record ListWebsites(WebsiteFilter Filter = WebsiteFilter.All, string? Text = null, int Page = 1, int PageSize = 20) : IRequest<Page<WebsiteRow>>
{
    /// <summary>For Excel: one page of up to <see cref="Workbooks.MaxRows"/>.</summary>
    public bool Export { get; init; }
}

/// <summary>Checks one website now, whenever it was last checked.</summary>
[RequiresPermission(CompliancePermissions.Registry)]
internal sealed record CheckWebsite(Guid Id) : ICommand<WebsiteView>;

internal sealed class SaveWebsiteValidator : AbstractValidator<SaveWebsite>
{
    public SaveWebsiteValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Address).NotEmpty().MaximumLength(500)
            .Must(a => Uri.TryCreate(a?.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && u.UserInfo.Length == 0)
            .WithMessage(_ => new LocalizedText("网址须以 http:// 或 https:// 开头", "The address must start with http:// or https://").Current);
        RuleFor(x => x.IcpNumber).NotEmpty().MaximumLength(50);
        RuleFor(x => x.ProtectionLevel).InclusiveBetween(1, 5);
        RuleFor(x => x.Hosting).MaximumLength(200);
        RuleFor(x => x.Contact).MaximumLength(200);
        RuleFor(x => x.Owner).NotEmpty();
    }
}

internal sealed class WebsiteHandlers(IDocumentSession session, ICallerScope scope, WebsiteChecker checker)
    : IRequestHandler<SaveWebsite, WebsiteView>, IRequestHandler<GetWebsite, WebsiteView>, IRequestHandler<ListWebsites, Page<WebsiteRow>>,
      IRequestHandler<CheckWebsite, WebsiteView>
{
    public async Task<WebsiteView> Handle(SaveWebsite command, CancellationToken ct)
    {
        if (command.Id is { } changed) await RowLocks.ForUpdateAsync<Website>(session, changed, ct); // a check recorded meanwhile is kept
        var site = command.Id is { } id ? await LoadAsync(id, ct) : new Website { Id = Guid.CreateVersion7() };
        var address = command.Address.Trim();
        if (await (await session.QueryInScopeAsync<Website>(scope, ct)).AnyAsync(w => w.Address == address && w.Id != site.Id, ct))
            throw new RuleViolationException("address", "该网址已登记", "This address is already registered");
        var owner = await scope.UsableAsync(command.Owner, "owner", ct);
        (site.Name, site.Address, site.IcpNumber, site.ProtectionLevel, site.Hosting) =
            (command.Name.Trim(), address, command.IcpNumber.Trim(), command.ProtectionLevel, command.Hosting?.Trim() ?? "");
        (site.Owner, site.OwnerName, site.UnitPath, site.Contact, site.Active) = (owner.Id, owner.Name, owner.Path, command.Contact?.Trim() ?? "", command.Active);
        session.Store(site);
        await session.SaveChangesAsync(ct);
        return await ViewAsync(site, ct);
    }

    public async Task<WebsiteView> Handle(GetWebsite query, CancellationToken ct) => await ViewAsync(await LoadAsync(query.Id, ct), ct);

    public async Task<Page<WebsiteRow>> Handle(ListWebsites query, CancellationToken ct)
    {
        var sites = await session.QueryInScopeAsync<Website>(scope, ct);
        sites = query.Filter switch
        {
            WebsiteFilter.Failing => sites.Where(w => w.Failing),
            WebsiteFilter.Unchecked => sites.Where(w => w.CheckedAt == null),
            _ => sites,
        };
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim();
            sites = sites.Where(w => w.Name.Contains(text) || w.Address.Contains(text) || w.OwnerName.Contains(text) || w.IcpNumber.Contains(text));
        }
        var size = Math.Clamp(query.PageSize, 1, query.Export ? Workbooks.MaxRows : 200);
        var page = Math.Max(1, query.Page);
        var total = await sites.CountAsync(ct);
        var items = await sites.OrderBy(w => w.OwnerName).ThenBy(w => w.Name).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<WebsiteRow>(items.Select(w => new WebsiteRow(w.Id, w.Name, w.Address, w.IcpNumber, w.ProtectionLevel, w.OwnerName, w.Active,
            w.LastCheck)).ToList(), page, size, total);
    }

    public async Task<WebsiteView> Handle(CheckWebsite command, CancellationToken ct)
    {
        var toCheck = await LoadAsync(command.Id, ct);
        var check = await checker.CheckAsync(toCheck.Address, toCheck.IcpNumber, ct);
        // Recorded on the site as it is now (an edit or another check may have been stored during the slow check), its row
        // locked only for that.
        await RowLocks.ForUpdateAsync<Website>(session, command.Id, ct);
        var site = await LoadAsync(command.Id, ct);
        Record(site, check);
        session.Store(site);
        await session.SaveChangesAsync(ct);
        return await ViewAsync(site, ct);
    }

    /// <summary>Keeps a check on its site; a page read whose text is the same as for <see cref="Website.StaleAfterDays"/> days
    /// fails as not updated. The first read starts the count (or the page's Last-Modified date, if older).</summary>
    public static void Record(Website site, WebsiteCheck check)
    {
        if (check.PageDigest is { } digest)
        {
            if (digest != site.PageDigest) (site.PageDigest, site.PageChangedAt) = (digest, site.PageDigest is null ? check.PageChangedAt ?? check.At : check.At);
            check = check with { PageChangedAt = site.PageChangedAt };
            if (check.At - site.PageChangedAt >= TimeSpan.FromDays(Website.StaleAfterDays))
                check = check with { Problems = [.. check.Problems, WebsiteProblem.NotUpdated] };
        }
        else check = check with { PageChangedAt = site.PageChangedAt };
        (site.LastCheck, site.CheckedAt, site.Failing) = (check, check.At, check.Failed);
        site.History.Add(check);
        if (site.History.Count > Website.HistoryKept) site.History.RemoveRange(0, site.History.Count - Website.HistoryKept);
    }

    private Task<Website> LoadAsync(Guid id, CancellationToken ct) => session.LoadInScopeOrThrowAsync<Website>(scope, id, "website", ct);

    private async Task<WebsiteView> ViewAsync(Website w, CancellationToken ct)
    {
        var cases = await (await session.QueryInScopeAsync<ReviewCase>(scope, ct)).Where(c => c.Website == w.Id)
            .OrderByDescending(c => c.OpenedAt).Take(20).ToListAsync(ct);
        return new(w.Id, w.Name, w.Address, w.IcpNumber, w.ProtectionLevel, w.Hosting, w.Owner, w.OwnerName, w.Contact,
            w.Active, w.LastCheck, w.History.AsEnumerable().Reverse().ToList(), cases.Select(c => new WebsiteCaseLink(c.Id, c.Severity, c.Status, c.OpenedAt)).ToList());
    }
}

public sealed record WebsiteCheckRun(int Checked, int Failing);

/// <summary>Checks the active websites of the caller's subtree that are due: never checked, or last checked an interval ago
/// (the host runs it every few minutes as the system, on every instance). A due website is claimed with a row in
/// <see cref="ComplianceTables.WebsiteClaims"/> before it is checked, so two runs never check it at once; the claim is a
/// lease of <see cref="ClaimLease"/>, and the check recorded on the site makes it not due for the interval. A run that
/// dies (its instance killed) leaves its sites due again once their lease has passed, for another run to check.</summary>
[RequiresPermission(CompliancePermissions.Registry)]
internal sealed record RunWebsiteChecks : ICommand<WebsiteCheckRun>
{
    /// <summary>Far longer than a check takes (each is cut off at its timeout, 15 s unless set), far shorter than the interval
    /// (a claim held for the whole interval left a dead run's sites unchecked for six hours: the reliability suite).</summary>
    public static TimeSpan ClaimLease(WebsiteCheckOptions options) => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(10).Ticks, 4 * options.Timeout.Ticks));
}

internal sealed class RunWebsiteChecksHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, WebsiteChecker checker,
    WebsiteCheckOptions options, TimeProvider time) : IRequestHandler<RunWebsiteChecks, WebsiteCheckRun>
{
    private const int Batch = 50;

    public async Task<WebsiteCheckRun> Handle(RunWebsiteChecks command, CancellationToken ct)
    {
        var checkedBefore = time.GetUtcNow() - options.Every;
        var due = await (await session.QueryInScopeAsync<Website>(scope, ct))
            .Where(w => w.Active && (w.CheckedAt == null || w.CheckedAt <= checkedBefore)).Select(w => w.Id).ToListAsync(ct);
        if (due.Count == 0) return new WebsiteCheckRun(0, 0);
        var claimed = await ClaimAsync(due, ct);
        if (claimed.Count == 0) return new WebsiteCheckRun(0, 0);
        var sites = await session.LoadManyInScopeAsync<Website>(scope, claimed, ct);
        var checks = await Task.WhenAll(sites.Select(async s => (Site: s, Check: await checker.CheckAsync(s.Address, s.IcpNumber, ct))));
        foreach (var (site, check) in checks)
        {
            WebsiteHandlers.Record(site, check);
            session.Store(site);
        }
        await session.SaveChangesAsync(ct);
        return new WebsiteCheckRun(checks.Length, checks.Count(c => c.Check.Failed));
    }

    // Claims up to a batch of the due sites whose last claim has run out; committed at once, before the slow checks.
    private async Task<List<Guid>> ClaimAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await StoredFiles.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            with due as (
                select id from unnest($1::uuid[]) as t(id)
                where not exists (select 1 from {ComplianceTables.WebsiteClaims} c where c.website_id = t.id and c.claimed_until > $2)
                limit {Batch})
            insert into {ComplianceTables.WebsiteClaims} as c (website_id, claimed_until) select id, $3 from due
            on conflict (website_id) do update set claimed_until = excluded.claimed_until where c.claimed_until <= $2
            returning website_id
            """, connection) { Parameters = { new() { Value = ids.ToArray() }, new() { Value = now }, new() { Value = now + RunWebsiteChecks.ClaimLease(options) } } };
        var claimed = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) claimed.Add(reader.GetGuid(0));
        return claimed;
    }
}

internal static class WebsiteEndpoints
{
    public sealed record Body(string? Name, string? Address, string? IcpNumber, int? ProtectionLevel, string? Hosting, Guid? Owner, string? Contact, bool? Active)
    {
        public SaveWebsite For(Guid? id) => new(id, Name ?? "", Address ?? "", IcpNumber ?? "", ProtectionLevel ?? 0, Hosting, Owner ?? Guid.Empty, Contact,
            Active ?? true);
    }

    public sealed record CaseBody(CaseSeverity? Severity, string? Finding);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/websites", async (Body body, IMediator m, CancellationToken ct) =>
            {
                var site = await m.Send(body.For(null), ct);
                return Results.Created($"/api/compliance/websites/{site.Id}", site);
            })
            .RequirePermission(CompliancePermissions.Registry).WithSummary("Register a government website (党政机关网站) to be checked")
            .Produces<WebsiteView>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapPut("/websites/{id:guid}", async (Guid id, Body body, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(body.For(id), ct)))
            .RequirePermission(CompliancePermissions.Registry).WithSummary("Change a website").Produces<WebsiteView>().ProducesValidationProblem();
        routes.MapGet("/websites", async (WebsiteFilter? filter, string? text, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ListWebsites(filter ?? WebsiteFilter.All, text, page ?? 1, pageSize ?? 20), ct)))
            .RequirePermission(CompliancePermissions.Read)
            .WithSummary("The caller's websites with their last check. `filter`: All, Failing, Unchecked. Paged: `page`, `pageSize` (20, at most 200)")
            .Produces<Page<WebsiteRow>>();
        routes.MapGet("/websites/export", async (WebsiteFilter? filter, string? text, IMediator m, IOfficeClock clock, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(WebsiteSheet.Rows((await m.Send(new ListWebsites(filter ?? WebsiteFilter.All, text, 1, Workbooks.MaxRows)
                    { Export = true }, ct)).Items, clock), "党政机关网站.xlsx"))
            .RequirePermission(CompliancePermissions.Read)
            .WithSummary("The website list as a workbook with the list's `filter` and `text`, each site's last check in words, at most 10,000");
        routes.MapGet("/websites/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetWebsite(id), ct)))
            .RequirePermission(CompliancePermissions.Read).WithSummary("A website with its latest checks").Produces<WebsiteView>();
        routes.MapPost("/websites/{id:guid}/check", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new CheckWebsite(id), ct)))
            .RequirePermission(CompliancePermissions.Registry).WithSummary("Check a website now").Produces<WebsiteView>();
        routes.MapPost("/websites/{id:guid}/cases", async (Guid id, CaseBody body, IMediator m, CancellationToken ct) =>
            {
                var opened = await m.Send(new OpenWebsiteCase(id, body.Severity ?? CaseSeverity.Moderate, body.Finding), ct);
                return Results.Created($"/api/compliance/cases/{opened}", await m.Send(new NetInfoSuite.Modules.Compliance.Cases.GetCase(opened), ct));
            })
            .RequirePermission(CompliancePermissions.Cases)
            .WithSummary("Open a review case from the site's last failed check (unit, subject, source, evidence and finding filled in; `finding` replaces the generated one)")
            .Produces<NetInfoSuite.Modules.Compliance.Cases.CaseView>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapPost("/websites/check", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new RunWebsiteChecks(), ct)))
            .RequirePermission(CompliancePermissions.Registry)
            .WithSummary("Check the caller's websites that are due now (the host does it every few minutes): each once per interval").Produces<WebsiteCheckRun>();
    }
}
