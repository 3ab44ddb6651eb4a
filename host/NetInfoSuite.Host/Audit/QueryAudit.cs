using FluentValidation;
using Marten;
using Marten.Pagination;
using MediatR;
using MiniExcelLibs;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Audit;

/// <summary>Audit records, newest first. A county-level auditor sees its own tenant's records only; an auditor
/// below the county level only those of its own subtree's units.</summary>
[RequiresPermission(PermissionRegistry.ReadAudit)]
public sealed record QueryAudit(string? Login, Guid? OrgUnitId, string? Action, AuditOutcome? Outcome,
    DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = 50) : IRequest<Page<AuditRecord>>;

internal sealed class QueryAuditValidator : AbstractValidator<QueryAudit>
{
    public QueryAuditValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, AuditEndpoints.MaxExportRows);
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null);
    }
}

internal sealed class QueryAuditHandler(IQuerySession session, ICaller caller, OrgScope scope) : IRequestHandler<QueryAudit, Page<AuditRecord>>
{
    public async Task<Page<AuditRecord>> Handle(QueryAudit q, CancellationToken ct)
    {
        var query = session.Query<AuditRecord>().AsQueryable();
        if (!caller.IsCityWide) { var tenant = caller.Tenant.Value; query = query.Where(r => r.Tenant == tenant); }
        if (!caller.IsCityWide && !await scope.IsCountyLevelCallerAsync(ct) && await scope.SubtreeIdsAsync(ct) is { } subtree)
        {
            var units = subtree.Cast<Guid?>().ToArray();
            query = query.Where(r => r.OrgUnitId.IsOneOf(units));
        }
        if (!string.IsNullOrWhiteSpace(q.Login)) { var login = q.Login.Trim().ToLowerInvariant(); query = query.Where(r => r.Login == login); }
        if (q.OrgUnitId is { } org) query = query.Where(r => r.OrgUnitId == org);
        if (!string.IsNullOrWhiteSpace(q.Action)) { var action = q.Action.Trim(); query = query.Where(r => r.Action == action); }
        if (q.Outcome is { } outcome) query = query.Where(r => r.Outcome == outcome);
        if (q.From is { } from) query = query.Where(r => r.At >= from);
        if (q.To is { } to) query = query.Where(r => r.At <= to);
        var page = await query.OrderByDescending(r => r.At).ToPagedListAsync(q.Page, q.PageSize, ct);
        return new Page<AuditRecord>(page.ToList(), q.Page, q.PageSize, page.TotalItemCount);
    }
}

internal static class AuditEndpoints
{
    public const int MaxExportRows = 100_000;

    public static void MapAudit(this WebApplication app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("audit").RequirePermission(PermissionRegistry.ReadAudit);

        audit.MapGet("/", async ([Microsoft.AspNetCore.Http.AsParameters] AuditFilter f, IMediator m, CancellationToken ct) =>
            Results.Ok(await m.Send(f.ToQuery(f.Page ?? 1, f.PageSize ?? 50), ct)))
            .WithSummary("Audit records by user, unit, action, outcome and time range, newest first");

        audit.MapGet("/export", async ([Microsoft.AspNetCore.Http.AsParameters] AuditFilter f, IMediator m, IOfficeClock clock, CancellationToken ct) =>
        {
            var page = await m.Send(f.ToQuery(1, MaxExportRows), ct);
            var rows = page.Items.Select(r => new Dictionary<string, object?>
            {
                ["时间"] = clock.Show(r.At, OfficeTimeText.Second), ["用户"] = r.Login, ["单位"] = r.OrgUnitId?.ToString(),
                ["租户"] = r.Tenant, ["操作"] = r.Action, ["对象"] = r.TargetId, ["结果"] = r.Outcome switch
                {
                    AuditOutcome.Ok => "成功", AuditOutcome.Rejected => "拒绝", _ => "失败",
                }, ["原因"] = r.Reason, ["关联号"] = r.CorrelationId,
            });
            var file = new MemoryStream();
            file.SaveAs(NetInfoSuite.Ui.ExportCells.Safe(rows), excelType: ExcelType.XLSX);
            file.Position = 0;
            return Results.File(file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "审计日志.xlsx");
        }).WithSummary("The same records as an Excel workbook (at most 100,000 rows)");
    }
}

public sealed record AuditFilter(string? Login, Guid? OrgUnitId, string? Action, AuditOutcome? Outcome,
    DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize)
{
    public QueryAudit ToQuery(int page, int pageSize) => new(Login, OrgUnitId, Action, Outcome, From, To, page, pageSize);
}
