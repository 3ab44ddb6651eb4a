using MiniExcelLibs;
using NetInfoSuite.Modules.NetizenRegistry.Profiles;

namespace NetInfoSuite.Modules.NetizenRegistry.Exports;

/// <summary>The registry as a workbook: masked personal data only (the platform records every export).</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record ExportProfiles : IRequest<IReadOnlyList<IDictionary<string, object?>>>;

internal sealed class ExportProfilesHandler(IQuerySession session, ICallerScope scope, IMediator mediator)
    : IRequestHandler<ExportProfiles, IReadOnlyList<IDictionary<string, object?>>>
{
    public async Task<IReadOnlyList<IDictionary<string, object?>>> Handle(ExportProfiles request, CancellationToken ct)
    {
        var profiles = await (await session.QueryInScopeAsync<Profile>(scope, ct)).Where(p => p.AnonymisedAt == null).OrderBy(p => p.Alias).ToListAsync(ct);
        var units = await Sheets.UnitNames(mediator, profiles, ct);
        return profiles.Select(p => Sheets.Row(p, units, p.Masked.RealName, p.Masked.Mobile, p.Masked.Email, p.Masked.WeChat)).ToList();
    }
}

public enum ExportState { Waiting, Approved, Downloaded }

/// <summary>A bulk export with personal data in full, asked for with a purpose; made only after a second officer approves.</summary>
internal sealed class ExportRequest : IOrgScoped
{
    public Guid Id { get; set; }
    public string UnitPath { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public ExportState State { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public DateTimeOffset? DownloadedAt { get; set; }
}

public sealed record ExportRequestView(Guid Id, string Purpose, string RequestedBy, DateTimeOffset RequestedAt, ExportState State, string? ApprovedBy)
{
    internal static ExportRequestView Of(ExportRequest r) => new(r.Id, r.Purpose, r.RequestedBy, r.RequestedAt, r.State, r.ApprovedBy);
}

/// <summary>A registry officer asks for the caller's subtree in full, stating the purpose.</summary>
[RequiresPermission(NetizenRegistryPermissions.Reveal)]
internal sealed record RequestPersonalExport(string Purpose) : ICommand<ExportRequestView>;

internal sealed class RequestPersonalExportValidator : AbstractValidator<RequestPersonalExport>
{
    public RequestPersonalExportValidator() => RuleFor(x => x.Purpose).NotEmpty().MinimumLength(4).MaximumLength(200)
        .WithMessage(_ => new LocalizedText("须说明导出目的（4 至 200 字）", "State the purpose (4 to 200 characters)").Current);
}

internal sealed class RequestPersonalExportHandler(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time)
    : IRequestHandler<RequestPersonalExport, ExportRequestView>
{
    public async Task<ExportRequestView> Handle(RequestPersonalExport command, CancellationToken ct)
    {
        var request = new ExportRequest
        {
            Id = Guid.CreateVersion7(), UnitPath = await scope.CallerPathAsync(ct), Purpose = command.Purpose.Trim(), RequestedBy = caller.Login,
            RequestedAt = time.GetUtcNow(), State = ExportState.Waiting,
        };
        session.Store(request);
        await session.SaveChangesAsync(ct);
        return ExportRequestView.Of(request);
    }
}

/// <summary>A second registry officer (never the one who asked) approves a waiting export.</summary>
[RequiresPermission(NetizenRegistryPermissions.Reveal)]
internal sealed record ApprovePersonalExport(Guid Id) : ICommand<ExportRequestView>;

internal sealed class ApprovePersonalExportHandler(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time)
    : IRequestHandler<ApprovePersonalExport, ExportRequestView>
{
    public async Task<ExportRequestView> Handle(ApprovePersonalExport command, CancellationToken ct)
    {
        var request = await session.LoadInScopeOrThrowAsync<ExportRequest>(scope, command.Id, "export", ct);
        if (request.State != ExportState.Waiting) throw new RuleViolationException("id", "该导出已审批", "This export was approved already");
        if (request.RequestedBy == caller.Login) throw new RuleViolationException("id", "须由另一名登记员审批", "Another registry officer must approve it");
        (request.State, request.ApprovedBy, request.ApprovedAt) = (ExportState.Approved, caller.Login, time.GetUtcNow());
        session.Store(request);
        await session.SaveChangesAsync(ct);
        return ExportRequestView.Of(request);
    }
}

/// <summary>The approved export, made now and once, for the officer who asked: every profile in it gets a processing
/// record with the purpose, committed with the audit record of the download.</summary>
[RequiresPermission(NetizenRegistryPermissions.Reveal)]
internal sealed record DownloadPersonalExport(Guid Id) : ICommand<IReadOnlyList<IDictionary<string, object?>>>;

[ReadsAcrossScopes("reads the profiles of the subtree of the unit that asked, which the approval covers")]
internal sealed class DownloadPersonalExportHandler(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time, PersonalData data,
    IMediator mediator) : IRequestHandler<DownloadPersonalExport, IReadOnlyList<IDictionary<string, object?>>>
{
    public async Task<IReadOnlyList<IDictionary<string, object?>>> Handle(DownloadPersonalExport command, CancellationToken ct)
    {
        var request = await session.LoadInScopeOrThrowAsync<ExportRequest>(scope, command.Id, "export", ct);
        if (request.RequestedBy != caller.Login) throw new RuleViolationException("id", "只有申请人可以下载", "Only the officer who asked may download it");
        if (request.State != ExportState.Approved)
            throw request.State == ExportState.Waiting
                ? new RuleViolationException("id", "须经另一名登记员审批后才能导出", "Another registry officer must approve it first")
                : new RuleViolationException("id", "该导出已下载，如需再次导出请重新申请", "Downloaded already: ask again");
        var path = request.UnitPath;
        var profiles = await session.Query<Profile>().Where(p => p.UnitPath.StartsWith(path) && p.AnonymisedAt == null).OrderBy(p => p.Alias).ToListAsync(ct);
        var units = await Sheets.UnitNames(mediator, profiles, ct);
        var now = time.GetUtcNow();
        var rows = new List<IDictionary<string, object?>>(profiles.Count);
        foreach (var profile in profiles)
        {
            var contact = profile.OpenContact(data);
            rows.Add(Sheets.Row(profile, units, contact.RealName, contact.Mobile, contact.Email, contact.WeChat));
            session.Store(ProcessingRecord.Of(profile, Processing.Exported, request.Purpose, caller.Login, now));
        }
        (request.State, request.DownloadedAt) = (ExportState.Downloaded, now);
        session.Store(request);
        await session.SaveChangesAsync(ct);
        return rows;
    }
}

/// <summary>The personal exports asked for in the caller's subtree, newest first.</summary>
[RequiresPermission(NetizenRegistryPermissions.Reveal)]
internal sealed record ListPersonalExports : IRequest<IReadOnlyList<ExportRequestView>>;

internal sealed class ListPersonalExportsHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListPersonalExports, IReadOnlyList<ExportRequestView>>
{
    public async Task<IReadOnlyList<ExportRequestView>> Handle(ListPersonalExports query, CancellationToken ct) =>
        (await (await session.QueryInScopeAsync<ExportRequest>(scope, ct)).OrderByDescending(r => r.RequestedAt).Take(200).ToListAsync(ct))
        .Select(ExportRequestView.Of).ToList();
}

internal static class Sheets
{

    public static async Task<IReadOnlyDictionary<Guid, string>> UnitNames(IMediator mediator, IEnumerable<Profile> profiles, CancellationToken ct)
    {
        var ids = profiles.Select(p => new OrgUnitId(p.UnitId)).Distinct().ToList();
        return ids.Count == 0 ? new Dictionary<Guid, string>()
            : (await mediator.Send(new NetInfoSuite.Contracts.Directory.GetOrgUnits(ids), ct)).ToDictionary(u => u.Id.Value, u => u.Name);
    }

    /// <summary>The registry workbook's columns (an empty export still shows them).</summary>
    public static readonly NetInfoSuite.Ui.SheetLayout Layout = new(("网名", null), ("领域", null), ("联系单位", null), ("平台账号", null), ("影响力", null),
        ("真实姓名", null), ("手机号码", null), ("电子邮箱", null), ("微信号", null), ("告知同意", null), ("告知同意日期", null), ("标签", null));

    public static IDictionary<string, object?> Row(Profile p, IReadOnlyDictionary<Guid, string> units, string? name, string? mobile, string? email, string? weChat) =>
        new Dictionary<string, object?>
        {
            ["网名"] = p.Alias, ["领域"] = RegistryText.Field(p.Field).ZhCn, ["联系单位"] = units.GetValueOrDefault(p.UnitId),
            ["平台账号"] = string.Join("；", p.Platforms.Select(x => $"{RegistryText.Platform(x.Platform).ZhCn} {x.Handle} {x.LatestFollowers}")),
            ["影响力"] = RegistryText.Tier(p.Tier).ZhCn, ["真实姓名"] = name, ["手机号码"] = mobile, ["电子邮箱"] = email, ["微信号"] = weChat,
            ["告知同意"] = RegistryText.Consent(p.Consent).ZhCn, ["告知同意日期"] = p.ConsentOn?.ToString("yyyy-MM-dd"), ["标签"] = string.Join("、", p.Tags),
        };
}

internal sealed record ExportBody(string Purpose);

internal static class ExportEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/profiles/export", async (IMediator m, CancellationToken ct) => NetInfoSuite.Ui.ExportCells.File(Sheets.Layout.Rows(await m.Send(new ExportProfiles(), ct)), "网络人士名录.xlsx"))
            .RequirePermission(NetizenRegistryPermissions.Read).WithSummary("The caller's personalities as a workbook, personal data masked");
        routes.MapPost("/personal-exports", async (ExportBody body, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new RequestPersonalExport(body.Purpose), ct)))
            .RequirePermission(NetizenRegistryPermissions.Reveal).WithSummary("Ask for an export with personal data in full, stating the purpose (a second officer approves)")
            .Produces<ExportRequestView>().ProducesValidationProblem();
        routes.MapGet("/personal-exports", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListPersonalExports(), ct)))
            .RequirePermission(NetizenRegistryPermissions.Reveal).WithSummary("Personal exports asked for in the caller's subtree").Produces<IReadOnlyList<ExportRequestView>>();
        routes.MapPost("/personal-exports/{id:guid}/approve", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ApprovePersonalExport(id), ct)))
            .RequirePermission(NetizenRegistryPermissions.Reveal).WithSummary("Approve a personal export (not the officer who asked)")
            .Produces<ExportRequestView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGet("/personal-exports/{id:guid}/export", async (Guid id, IMediator m, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(Sheets.Layout.Rows(await m.Send(new DownloadPersonalExport(id), ct)), "网络人士完整信息.xlsx"))
            .RequirePermission(NetizenRegistryPermissions.Reveal).WithSummary("The approved personal export, made now and once, for the officer who asked")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
