using FluentValidation;
using Npgsql;
using MediatR;
using MiniExcelLibs;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;
using NetInfoSuite.Host.Storage;
using NetInfoSuite.Host.Web;

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

internal sealed class QueryAuditHandler(TenantDatabases databases, ICaller caller, OrgScope scope) : IRequestHandler<QueryAudit, Page<AuditRecord>>
{
    public async Task<Page<AuditRecord>> Handle(QueryAudit q, CancellationToken ct)
    {
        var where = new List<string>();
        var parameters = new List<NpgsqlParameter>();
        void Filter(string column, string op, object value)
        {
            parameters.Add(new NpgsqlParameter { Value = value });
            where.Add(op.EndsWith("any") ? $"{column} {op}(${parameters.Count})" : $"{column} {op} ${parameters.Count}");
        }
        if (!caller.IsCityWide) Filter("tenant", "=", caller.Tenant.Value);
        if (!caller.IsCityWide && !await scope.IsCountyLevelCallerAsync(ct) && await scope.SubtreeIdsAsync(ct) is { } subtree)
            Filter("org_unit_id", "= any", subtree.ToArray());
        if (!string.IsNullOrWhiteSpace(q.Login)) Filter("login", "=", q.Login.Trim().ToLowerInvariant());
        if (q.OrgUnitId is { } org) Filter("org_unit_id", "=", org);
        if (!string.IsNullOrWhiteSpace(q.Action)) Filter("action", "=", q.Action.Trim());
        if (q.Outcome is { } outcome) Filter("outcome", "=", outcome.ToString());
        if (q.From is { } from) Filter("at", ">=", from);
        if (q.To is { } to) Filter("at", "<=", to);
        var condition = where.Count == 0 ? "" : "where " + string.Join(" and ", where);

        await using var connection = databases.Main.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var count = new NpgsqlCommand($"select count(*) from {AuditTable.Name} {condition}", connection);
        count.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
        var total = (long)(await count.ExecuteScalarAsync(ct))!;
        await using var select = new NpgsqlCommand($"""
            select {AuditTable.Columns} from {AuditTable.Name} {condition}
            order by at desc, id desc limit {q.PageSize} offset {(long)(q.Page - 1) * q.PageSize}
            """, connection);
        select.Parameters.AddRange(parameters.ToArray());
        var items = new List<AuditRecord>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) items.Add(AuditTable.Read(reader));
        return new Page<AuditRecord>(items, q.Page, q.PageSize, total);
    }
}

internal static class AuditEndpoints
{
    public const int MaxExportRows = 100_000;

    public static void MapAudit(this WebApplication app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("audit").RequirePermission(PermissionRegistry.ReadAudit);

        audit.MapGet("/", async ([Microsoft.AspNetCore.Http.AsParameters] AuditFilter f, IMediator m, IOfficeClock clock, CancellationToken ct) =>
            Results.Ok(await m.Send(f.ToQuery(clock, f.Page ?? 1, f.PageSize ?? 50), ct)))
            .WithSummary("Audit records by user, unit, action, outcome and time range, newest first");

        audit.MapGet("/export", async ([Microsoft.AspNetCore.Http.AsParameters] AuditFilter f, IMediator m, IOfficeClock clock,
            AuditActionNames actions, CancellationToken ct) =>
        {
            var page = await m.Send(f.ToQuery(clock, 1, MaxExportRows), ct);
            var people = await m.Send(new GetPeopleNames(page.Items.Select(r => r.Login).Distinct().ToList()), ct);
            var units = await UnitNamesAsync(m, page.Items.Select(r => r.OrgUnitId).OfType<Guid>().Distinct().ToList(), ct);
            var rows = page.Items.Select(r => new Dictionary<string, object?>
            {
                ["时间"] = clock.Show(r.At, OfficeTimeText.Second), ["登录名"] = r.Login, ["姓名"] = people.GetValueOrDefault(r.Login),
                ["单位"] = r.OrgUnitId is { } unit ? units.GetValueOrDefault(unit) : null, ["租户"] = r.Tenant,
                ["操作"] = actions.Of(r.Action), ["操作代码"] = r.Action, ["对象"] = r.TargetId, ["结果"] = r.Outcome switch
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

    /// <summary>Unit names for the audit page and export; without the directory, none.</summary>
    internal static async Task<IReadOnlyDictionary<Guid, string>> UnitNamesAsync(IMediator m, List<Guid> ids, CancellationToken ct)
    {
        try
        {
            return (await m.Send(new NetInfoSuite.Contracts.Directory.GetOrgUnits(ids.Select(id => new OrgUnitId(id)).ToList()), ct))
                .ToDictionary(u => u.Id.Value, u => u.Name);
        }
        catch (ModuleUnavailableException) { return new Dictionary<Guid, string>(); } // without the directory: no names
    }
}

/// <summary>The query string of the audit list and export. From and To are text: a time without an offset
/// ("2026-12-01", "2026-12-01 08:00") is office time, which the framework's own binding would read in the
/// server's zone.</summary>
public sealed record AuditFilter(string? Login, Guid? OrgUnitId, string? Action, AuditOutcome? Outcome,
    string? From, string? To, int? Page, int? PageSize)
{
    public QueryAudit ToQuery(IOfficeClock clock, int page, int pageSize) =>
        new(Login, OrgUnitId, Action, Outcome, Time(clock, From, "from"), Time(clock, To, "to"), page, pageSize);

    private static DateTimeOffset? Time(IOfficeClock clock, string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null
        : clock.TryParseOffice(text.Trim(), out var at) && at.Year is >= PlainText.EarliestYear and <= PlainText.LatestYear ? at
        : throw new RuleViolationException(field, "不是有效的时间（例如 2026-12-01 或 2026-12-01 08:00）",
            "Not a valid time (e.g. 2026-12-01 or 2026-12-01 08:00)");
}
