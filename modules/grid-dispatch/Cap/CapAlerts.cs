using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using NetInfoSuite.Modules.GridDispatch.Directives;

namespace NetInfoSuite.Modules.GridDispatch.Cap;

/// <summary>OASIS Common Alerting Protocol 1.2: an alert from the meteorological service becomes a draft Emergency
/// directive (its areas mapped to org units through the office's table); any directive goes out as CAP.</summary>
internal static class CapFormat
{
    public static readonly XNamespace Ns = "urn:oasis:names:tc:emergency:cap:1.2";
    public const int MaxBytes = 1024 * 1024;

    public sealed record Alert(string Identifier, string Headline, string Description, string? Instruction, string Category,
        DateTimeOffset? Expires, string? Web, IReadOnlyList<string> Areas);

    public static Alert Parse(string xml, IOfficeClock clock)
    {
        XDocument doc;
        try
        {
            // No DTD at all: internal entities once grew a 739-byte alert to a million characters.
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            doc = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw Malformed($"不是格式正确的 XML（第 {ex.LineNumber} 行）", $"not well-formed XML (line {ex.LineNumber})");
        }
        var alert = doc.Root;
        if (alert is null || alert.Name != Ns + "alert")
            throw Malformed("根元素须为 CAP 1.2 的 alert", "the root must be a CAP 1.2 <alert>");
        string Required(XElement parent, string name) => parent.Element(Ns + name)?.Value.Trim() is { Length: > 0 } v ? v
            : throw Malformed($"缺少 <{name}>", $"<{name}> is missing");
        var identifier = Required(alert, "identifier");
        Required(alert, "sender");
        Required(alert, "sent");
        var info = alert.Elements(Ns + "info").FirstOrDefault(i => (i.Element(Ns + "language")?.Value ?? "").StartsWith("zh", StringComparison.OrdinalIgnoreCase))
                   ?? alert.Element(Ns + "info") ?? throw Malformed("缺少 <info>", "<info> is missing");
        var areas = info.Elements(Ns + "area").SelectMany(a =>
            a.Elements(Ns + "geocode").Select(g => g.Element(Ns + "value")?.Value.Trim()).Prepend(a.Element(Ns + "areaDesc")?.Value.Trim()))
            .OfType<string>().Where(s => s.Length > 0).Distinct().ToList();
        if (!info.Elements(Ns + "area").Any()) throw Malformed("缺少 <area>", "<area> is missing");
        var expiresText = info.Element(Ns + "expires")?.Value.Trim();
        DateTimeOffset? expires = null;
        if (!string.IsNullOrEmpty(expiresText))
            // CAP times carry their offset; one without is read as office time (not the server's zone).
            expires = clock.TryParseOffice(expiresText, out var e) ? e.ToUniversalTime()
                : throw Malformed($"<expires> 不是有效的时间：{expiresText}", $"<expires> is not a valid time: {expiresText}");
        return new Alert(identifier, info.Element(Ns + "headline")?.Value.Trim() is { Length: > 0 } h ? h : Required(info, "event"),
            info.Element(Ns + "description")?.Value.Trim() ?? "", info.Element(Ns + "instruction")?.Value.Trim(),
            Required(info, "category"), expires, info.Element(Ns + "web")?.Value.Trim(), areas);
    }

    private static RuleViolationException Malformed(string zh, string en) =>
        new("file", $"不是有效的 CAP 1.2 预警：{zh}", $"Not a valid CAP 1.2 alert: {en}");

    public static string Write(DirectiveView d, IReadOnlyList<string> areaNames, IOfficeClock clock)
    {
        var (urgency, severity) = d.Urgency switch
        {
            Urgency.Emergency => ("Immediate", "Severe"),
            Urgency.Urgent => ("Expected", "Moderate"),
            _ => ("Future", "Minor"),
        };
        var category = d.Category switch
        {
            DirectiveCategory.ExtremeWeather => "Met",
            DirectiveCategory.Emergency => "Safety",
            DirectiveCategory.AntiFraud => "Security",
            _ => "Other",
        };
        var info = new XElement(Ns + "info",
            new XElement(Ns + "language", "zh-CN"), new XElement(Ns + "category", category), new XElement(Ns + "event", d.Title),
            new XElement(Ns + "urgency", urgency), new XElement(Ns + "severity", severity), new XElement(Ns + "certainty", "Likely"),
            d.Deadline is { } deadline ? new XElement(Ns + "expires", Cap(clock, deadline)) : null,
            new XElement(Ns + "senderName", "NetInfoSuite"), new XElement(Ns + "headline", d.Title), new XElement(Ns + "description", d.Body),
            d.Links.Count > 0 ? new XElement(Ns + "web", d.Links[0]) : null,
            (areaNames.Count == 0 ? ["全域"] : areaNames).Select(a => new XElement(Ns + "area", new XElement(Ns + "areaDesc", a))));
        var alert = new XElement(Ns + "alert",
            new XElement(Ns + "identifier", d.CapIdentifier ?? $"netinfosuite-{d.Id:N}"), new XElement(Ns + "sender", "netinfosuite"),
            new XElement(Ns + "sent", Cap(clock, d.IssuedAt ?? d.CreatedAt)), new XElement(Ns + "status", "Actual"),
            new XElement(Ns + "msgType", "Alert"), new XElement(Ns + "scope", "Public"), info);
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), alert).Declaration + "\n" + alert;
    }

    // CAP times: seconds, explicit offset, no fraction (e.g. 2026-11-26T08:00:00+08:00), in the office's zone.
    private static string Cap(IOfficeClock clock, DateTimeOffset t) => clock.ToOffice(t).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Imports a CAP 1.2 alert as a draft Emergency directive for the units its areas map to, due when the alert
/// expires. The same alert again (its identifier) brings the unit's draft up to date instead of making a second.</summary>
[RequiresPermission(GridDispatchPermissions.Draft)]
internal sealed record ImportCapAlert(string Xml) : ICommand<CapImport>;

public sealed record CapImport(DirectiveView Directive, bool Updated);

internal sealed class ImportCapAlertHandler(IDocumentSession session, ICallerScope scope, IMediator mediator, ICaller caller, IOfficeClock clock)
    : IRequestHandler<ImportCapAlert, CapImport>
{
    public async Task<CapImport> Handle(ImportCapAlert command, CancellationToken ct)
    {
        var alert = CapFormat.Parse(command.Xml, clock);
        if (alert.Expires is { } expires && expires <= clock.Now)
            throw new RuleViolationException("file", $"预警已于 {clock.Show(expires)} 过期", $"The alert expired at {clock.Show(expires)}");
        var own = CapAreas.OwnerOf(caller);
        var ids = alert.Areas.Select(a => CapAreaMapping.IdOf(null, a)).Concat(own is null ? [] : alert.Areas.Select(a => CapAreaMapping.IdOf(own, a)));
        // A county's own entry for an area comes before the city's.
        var mappings = (await session.Query<CapAreaMapping>().Where(m => m.Id.IsOneOf(ids.ToArray())).ToListAsync(ct))
            .OrderBy(m => m.Owner is null).DistinctBy(m => m.Area).ToDictionary(m => m.Area);
        // Named back to the caller, the areas are clipped: the answer never echoes a huge text.
        var unmapped = alert.Areas.Where(a => !mappings.ContainsKey(a)).Take(10).Select(a => a.Length > 50 ? a[..50] + "…" : a).ToList();
        if (mappings.Count == 0)
            throw new RuleViolationException("file", $"预警区域（{string.Join("、", unmapped)}）没有对应的单位，请先在“预警区域对照”中设置",
                $"No unit is mapped for the alert's areas ({string.Join(", ", unmapped)}); set them in the CAP area table first");
        var path = await scope.CallerPathAsync(ct);
        var updated = await session.Query<Directive>().AnyAsync(d => d.CapIdentifier == alert.Identifier && d.IssuerPath == path, ct);
        var body = string.Join("\n\n", new[] { alert.Description, alert.Instruction }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var draft = await mediator.Send(new DraftDirective(alert.Headline, body.Length > 0 ? body : alert.Headline,
            alert.Web is { } web && Uri.TryCreate(web, UriKind.Absolute, out _) ? [web] : [], [],
            alert.Category.Equals("Met", StringComparison.OrdinalIgnoreCase) ? DirectiveCategory.ExtremeWeather : DirectiveCategory.Emergency,
            Urgency.Emergency, alert.Expires, new DirectiveTarget(mappings.Values.Select(m => m.OrgUnitId).Distinct().ToList(), [], [], []),
            DeliveryMode.Direct) { CapIdentifier = alert.Identifier }, ct);
        return new CapImport(draft, updated);
    }
}

[RequiresPermission(GridDispatchPermissions.Draft)]
internal sealed record SetCapArea(string Area, Guid OrgUnitId) : ICommand<CapAreaView>
{
    public string Id => Area;
}

/// <summary>One entry of the CAP area table; <paramref name="Owner"/> is null for the city's shared entries.</summary>
public sealed record CapAreaView(string Area, Guid OrgUnitId, string? Owner);

/// <summary>The CAP area table as the caller uses it: the city's entries and the caller's county's own (the city sees all).</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record ListCapAreas : IRequest<IReadOnlyList<CapAreaView>>;

internal sealed class ListCapAreasHandler(IQuerySession session, ICaller caller) : IRequestHandler<ListCapAreas, IReadOnlyList<CapAreaView>>
{
    public async Task<IReadOnlyList<CapAreaView>> Handle(ListCapAreas query, CancellationToken ct)
    {
        var own = CapAreas.OwnerOf(caller);
        var entries = session.Query<CapAreaMapping>().AsQueryable();
        if (!caller.IsCityWide) entries = entries.Where(m => m.Owner == null || m.Owner == own);
        return (await entries.ToListAsync(ct)).Select(m => new CapAreaView(m.Area, m.OrgUnitId, m.Owner))
            .OrderBy(m => m.Area, StringComparer.Ordinal).ThenBy(m => m.Owner, StringComparer.Ordinal).ToList();
    }
}

internal static class CapAreas
{
    /// <summary>Whose entries the caller writes and reads first: null for the city level, else its county.</summary>
    public static string? OwnerOf(ICaller caller) => caller.IsCityWide ? null : caller.Tenant.Value;
}

internal sealed class SetCapAreaValidator : AbstractValidator<SetCapArea>
{
    public SetCapAreaValidator()
    {
        RuleFor(x => x.Area).NotEmpty().MaximumLength(200);
        RuleFor(x => x.OrgUnitId).NotEmpty();
    }
}

/// <summary>The city changes the shared table; a county writes its own entry (never the city's).</summary>
internal sealed class SetCapAreaHandler(IDocumentSession session, ICallerScope scope, ICaller caller) : IRequestHandler<SetCapArea, CapAreaView>
{
    public async Task<CapAreaView> Handle(SetCapArea command, CancellationToken ct)
    {
        if (await scope.PlaceOfAsync(command.OrgUnitId, ct) is not { } place || !await scope.CoversAsync(place.Path, ct))
            throw new RuleViolationException("orgUnitId", "组织机构不存在或不在本单位范围内", "The org unit does not exist or is outside your unit");
        var owner = CapAreas.OwnerOf(caller);
        var area = command.Area.Trim();
        session.Store(new CapAreaMapping { Id = CapAreaMapping.IdOf(owner, area), OrgUnitId = command.OrgUnitId, Owner = owner });
        await session.SaveChangesAsync(ct);
        return new CapAreaView(area, command.OrgUnitId, owner);
    }
}

internal static class CapEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/cap/import", async (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            {
                using var reader = new StreamReader(request.Body);
                var buffer = new char[CapFormat.MaxBytes + 1];
                var read = await reader.ReadBlockAsync(buffer, ct);
                if (read > CapFormat.MaxBytes) throw new RuleViolationException("file", "预警文件不能超过 1 MB", "The alert must not exceed 1 MB");
                var (directive, updated) = await mediator.Send(new ImportCapAlert(new string(buffer, 0, read)), ct);
                return updated ? Results.Ok(directive) : Results.Created($"/api/grid-dispatch/directives/{directive.Id}", directive);
            })
            .RequirePermission(GridDispatchPermissions.Draft)
            .WithSummary("Import a CAP 1.2 alert (XML body) as a draft Emergency directive due when it expires; the same <identifier> again updates that draft (200)")
            .Accepts<string>("application/xml").Produces<DirectiveView>(StatusCodes.Status201Created).Produces<DirectiveView>()
            .ProducesValidationProblem();
        routes.MapGet("/directives/{id:guid}/cap", async (Guid id, IMediator mediator, IOfficeClock clock, CancellationToken ct) =>
            {
                var directive = await mediator.Send(new GetDirective(id), ct);
                var names = new List<string>();
                foreach (var unit in directive.Target.OrgUnits)
                    if (await mediator.Send(new Contracts.Directory.GetOrgUnit(new OrgUnitId(unit)), ct) is { } info) names.Add(info.Name);
                return Results.Text(CapFormat.Write(directive, names, clock), "application/xml", System.Text.Encoding.UTF8);
            })
            .RequirePermission(GridDispatchPermissions.Read).WithSummary("The directive as a CAP 1.2 alert");
        routes.MapPut("/cap/areas", async (SetCapArea command, IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(command, ct)))
            .RequirePermission(GridDispatchPermissions.Draft)
            .WithSummary("Map a CAP area (areaDesc or geocode value) to an org unit: the city's shared table, or a county's own entry")
            .ProducesValidationProblem();
        routes.MapGet("/cap/areas", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListCapAreas(), ct)))
            .RequirePermission(GridDispatchPermissions.Read).WithSummary("The CAP area table: the city's entries and the caller's county's own")
            .Produces<IReadOnlyList<CapAreaView>>();
    }
}
