using System.Globalization;
using MiniExcelLibs;

namespace NetInfoSuite.Modules.AccountMatrix.Metrics;

/// <summary>The daily-metrics workbook: one row per account and day, the account named by its platform and handle,
/// Chinese headers. Reads may be written "10万+".</summary>
internal static class MetricSheet
{
    public const string Platform = "平台", Handle = "账号", Day = "日期";
    public const int MaxRows = 200_000;
    // A date with its year: 2026-11-26, 2026/11/26, 2026年11月26日.
    private static readonly string[] DayFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy年M月d日"];

    // Header → the daily column, in MetricTables.DailyColumns order.
    public static readonly string[] Headers =
        ["粉丝数", "新增粉丝", "发文数", "头条发文", "原创发文", "阅读数", "头条阅读", "点赞", "在看", "分享", "评论", "转发", "原创转发", "原创评论"];

    public sealed record Row(int Number, string Platform, string Handle, string Day, string[] Figures);

    public static List<Row> Read(Stream xlsx)
    {
        try
        {
            return MiniExcel.Query(xlsx, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().Take(MaxRows + 1)
                .Select((c, i) => new Row(i + 2, Cell(c, Platform), Cell(c, Handle), Cell(c, Day), Headers.Select(h => Cell(c, h)).ToArray()))
                .Where(r => r.Handle.Length > 0 || r.Day.Length > 0)
                .ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new RuleViolationException("file", "无法读取该文件，请上传 .xlsx 格式的 Excel 文件", "The file cannot be read; upload an .xlsx workbook");
        }
    }

    private static string Cell(IDictionary<string, object?> cells, string header) => cells.TryGetValue(header, out var v) ? v switch
    {
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() ?? "",
    } : "";

    /// <summary>The rows as daily metrics, and every bad cell as a violation naming its row.</summary>
    public static (List<DailyMetricRow> Rows, List<Violation> Errors) Parse(IReadOnlyList<Row> rows, IReadOnlyDictionary<(AccountPlatform, string), Guid> accounts)
    {
        var result = new List<DailyMetricRow>(rows.Count);
        var errors = new List<Violation>();
        if (rows.Count > MaxRows) errors.Add(new("file", $"一次最多导入 {MaxRows} 行", $"At most {MaxRows} rows per import"));
        var seen = new Dictionary<(Guid, DateOnly), int>();
        foreach (var r in rows.Take(MaxRows))
        {
            void Error(string field, string zh, string en) => errors.Add(new($"rows[{r.Number}].{field}", $"第 {r.Number} 行：{zh}", $"Row {r.Number}: {en}"));
            var before = errors.Count;
            if (!Enum.TryParse<AccountPlatform>(r.Platform, ignoreCase: true, out var platform) || !accounts.TryGetValue((platform, r.Handle), out var account))
            {
                Error("handle", $"平台 {r.Platform} 上没有本单位的账号 {r.Handle}", $"no account {r.Handle} of yours on {r.Platform}");
                account = Guid.Empty;
            }
            if (!DateOnly.TryParseExact(r.Day, DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                Error("day", $"日期“{r.Day}”无效（如 2026-11-26）", $"the date '{r.Day}' is not a date like 2026-11-26");
            var figures = new long[Headers.Length];
            for (var i = 0; i < Headers.Length; i++)
            {
                var text = r.Figures[i];
                if (text.Length == 0) continue;
                if (!PlatformCountConverter.TryParse(text.Split('.')[0], out figures[i]) || figures[i] < 0)
                    Error(Headers[i], $"{Headers[i]}“{text}”须为非负整数", $"{Headers[i]} '{text}' must be a whole number ≥ 0");
            }
            if (errors.Count == before && seen.TryGetValue((account, day), out var first))
                Error("day", $"与第 {first} 行是同一账号同一天", $"the same account and day as row {first}");
            if (errors.Count > before) continue;
            seen[(account, day)] = r.Number;
            result.Add(new DailyMetricRow(account, day, figures[0], figures[1], figures[2], figures[3], figures[4], figures[5], figures[6], figures[7],
                figures[8], figures[9], figures[10], figures[11], figures[12], figures[13]));
        }
        return (result, errors);
    }
}

/// <summary>Stores a workbook of daily metrics: all rows or none, unless <paramref name="ValidRowsOnly"/>.</summary>
[RequiresPermission(AccountMatrixPermissions.Metrics)]
internal sealed record ImportMetricWorkbook(IReadOnlyList<MetricSheet.Row> Rows, bool ValidRowsOnly) : ICommand<MetricImportResult>;

internal sealed class ImportMetricWorkbookHandler(IDocumentSession session, MatrixScope scope) : IRequestHandler<ImportMetricWorkbook, MetricImportResult>
{
    public async Task<MetricImportResult> Handle(ImportMetricWorkbook command, CancellationToken ct)
    {
        if (command.Rows.Count == 0) throw new RuleViolationException("file", "文件中没有数据行", "The file has no data rows");
        var path = await scope.CallerPathAsync(ct);
        var accounts = (await session.Query<Account>().Where(a => a.UnitPath.StartsWith(path)).Select(a => new { a.Id, a.Platform, a.Handle }).ToListAsync(ct))
            .GroupBy(a => (a.Platform, a.Handle)).ToDictionary(g => g.Key, g => g.First().Id);
        var (rows, errors) = MetricSheet.Parse(command.Rows, accounts);
        if (errors.Count > 0 && (!command.ValidRowsOnly || rows.Count == 0)) throw new RuleViolationException(errors);
        MetricWriter.Queue(session, rows, []);
        await session.SaveChangesAsync(ct);
        return new MetricImportResult(rows.Count, 0);
    }
}

internal static class MetricWorkbookEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPost("/metrics/import", async (IFormFile? file, bool? validRowsOnly, IMediator mediator, CancellationToken ct) =>
        {
            if (file is null || file.Length == 0) throw new RuleViolationException("file", "请上传 Excel 文件", "Upload an Excel file");
            if (file.Length > 50 * 1024 * 1024) throw new RuleViolationException("file", "文件不能超过 50 MB", "The file must not exceed 50 MB");
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            return Results.Ok(await mediator.Send(new ImportMetricWorkbook(MetricSheet.Read(buffer), validRowsOnly ?? false), ct));
        })
        .RequirePermission(AccountMatrixPermissions.Metrics)
        .WithSummary("Daily metrics from an Excel workbook (平台, 账号, 日期, 粉丝数 … 原创评论); a bad row rejects the file unless validRowsOnly=true")
        .Produces<MetricImportResult>().ProducesValidationProblem().DisableAntiforgery();
}
