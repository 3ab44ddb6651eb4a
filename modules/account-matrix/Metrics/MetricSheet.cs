namespace NetInfoSuite.Modules.AccountMatrix.Metrics;

/// <summary>The metric workbooks. Daily: one row per account and day. Articles: one row per article. The account is
/// named by its platform and handle; reads may be written "10万+".</summary>
internal static class MetricSheet
{
    public const string Platform = "平台", Handle = "账号", Day = "日期", ArticleId = "文章编号", Title = "标题", Headline = "头条";
    public const int MaxRows = 200_000;

    /// <summary>The headers by the field names the import's errors use (a figure's field is its header).</summary>
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["handle"] = Handle, ["day"] = Day, ["id"] = ArticleId, ["title"] = Title, ["headline"] = Headline,
    };

    /// <summary>Daily headers, in MetricTables.DailyColumns order.</summary>
    public static readonly string[] Headers =
        ["粉丝数", "新增粉丝", "发文数", "头条发文", "原创发文", "阅读数", "头条阅读", "点赞", "在看", "分享", "评论", "转发", "原创转发", "原创评论", "下载量"];

    /// <summary>Article headers, in MetricTables.ArticleColumns order.</summary>
    public static readonly string[] ArticleHeaders = ["阅读数", "在看", "点赞", "分享", "评论"];

    /// <summary>The columns as exported, with the template's example line: daily figures, or one article's.</summary>
    public static NetInfoSuite.Ui.SheetLayout Layout(bool articles) => articles ? ArticleLayout : DailyLayout;

    private static readonly NetInfoSuite.Ui.SheetLayout DailyLayout = new(
        [(Platform, "微信公众号"), (Handle, "dongan_fabu"), (Day, "2026-11-30"), .. Headers.Select((h, i) => (h, (object?)(i == 0 ? 12000 : 10)))]);
    private static readonly NetInfoSuite.Ui.SheetLayout ArticleLayout = new(
        [(Platform, "微信公众号"), (Handle, "dongan_fabu"), (Day, "2026-11-30"), (ArticleId, "2247483650_1"), (Title, "东安区冬季供暖服务指南"), (Headline, "是"),
         .. ArticleHeaders.Select((h, i) => (h, (object?)(i == 0 ? "10万+" : 20)))]);

    public sealed record Row(int Number, string Platform, string Handle, string Day, string[] Figures, string Id = "", string Title = "", string Headline = "");

    public static List<Row> Read(Stream xlsx, bool articles) => Workbook.Read(xlsx, MaxRows)
        .Select(r => new Row(r.Number, r.Cell(Platform), r.Cell(Handle), r.Cell(Day), (articles ? ArticleHeaders : Headers).Select(r.Cell).ToArray(),
            articles ? r.Cell(ArticleId) : "", articles ? r.Cell(Title) : "", articles ? r.Cell(Headline) : ""))
        .Where(r => r.Handle.Length > 0 || r.Day.Length > 0 || r.Id.Length > 0)
        .ToList();

    /// <summary>The rows as daily metrics, and every bad cell as a violation naming its row.</summary>
    public static (List<DailyMetricRow> Rows, List<Violation> Errors) ParseDaily(IReadOnlyList<Row> rows, IReadOnlyDictionary<(AccountPlatform, string), Guid> accounts)
    {
        var result = new List<DailyMetricRow>(rows.Count);
        var errors = TooMany(rows);
        var seen = new Dictionary<(Guid, DateOnly), int>();
        foreach (var r in rows.Take(MaxRows))
        {
            if (Common(r, Headers, accounts, errors) is not var (account, day, f)) continue;
            if (seen.TryGetValue((account, day), out var first))
            {
                errors.Add(Workbook.RowError(r.Number, "day", $"与第 {first} 行是同一账号同一天", $"the same account and day as row {first}"));
                continue;
            }
            seen[(account, day)] = r.Number;
            result.Add(new DailyMetricRow(account, day, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14]));
        }
        return (result, errors);
    }

    /// <summary>The rows as articles (id, title, headline 是/否), and every bad cell as a violation naming its row.</summary>
    public static (List<ArticleMetricRow> Rows, List<Violation> Errors) ParseArticles(IReadOnlyList<Row> rows, IReadOnlyDictionary<(AccountPlatform, string), Guid> accounts)
    {
        var result = new List<ArticleMetricRow>(rows.Count);
        var errors = TooMany(rows);
        var seen = new Dictionary<string, int>();
        foreach (var r in rows.Take(MaxRows))
        {
            var before = errors.Count;
            if (r.Id.Length is 0 or > 500) errors.Add(Workbook.RowError(r.Number, "id", "须填写文章编号或链接（500 字以内）", "give the article's id or link (up to 500 characters)"));
            else if (seen.TryGetValue(r.Id, out var first)) errors.Add(Workbook.RowError(r.Number, "id", $"与第 {first} 行是同一篇文章", $"the same article as row {first}"));
            if (r.Title.Length > 500) errors.Add(Workbook.RowError(r.Number, "title", "标题不能超过 500 字", "the title must not exceed 500 characters"));
            bool? headline = r.Headline switch { "是" or "true" or "TRUE" or "1" => true, "否" or "false" or "FALSE" or "0" or "" => false, _ => null };
            if (headline is null) errors.Add(Workbook.RowError(r.Number, "headline", $"头条“{r.Headline}”须为“是”或“否”", $"headline '{r.Headline}' must be 是 or 否"));
            if (Common(r, ArticleHeaders, accounts, errors) is not var (account, day, f) || errors.Count > before) continue;
            seen[r.Id] = r.Number;
            result.Add(new ArticleMetricRow(r.Id, account, day, r.Title, headline!.Value, f[0], f[1], f[2], f[3], f[4]));
        }
        return (result, errors);
    }

    private static List<Violation> TooMany(IReadOnlyList<Row> rows) =>
        rows.Count > MaxRows ? [new("file", $"一次最多导入 {MaxRows} 行", $"At most {MaxRows} rows per import")] : [];

    // The account, the day and the figures of a row; null (with the errors added) when any is bad.
    private static (Guid Account, DateOnly Day, long[] Figures)? Common(Row r, string[] headers, IReadOnlyDictionary<(AccountPlatform, string), Guid> accounts, List<Violation> errors)
    {
        var before = errors.Count;
        var account = Workbook.AccountOf(accounts, r.Number, r.Platform, r.Handle, "handle", errors);
        if (!Workbook.TryDay(r.Day, out var day))
            errors.Add(Workbook.RowError(r.Number, "day", $"日期“{r.Day}”无效（如 2026-11-26）", $"the date '{r.Day}' is not a date like 2026-11-26"));
        var figures = new long[headers.Length];
        for (var i = 0; i < headers.Length; i++)
        {
            var text = r.Figures[i];
            if (text.Length == 0) continue;
            if (!PlatformCountConverter.TryParse(text, out figures[i]))
                errors.Add(Workbook.RowError(r.Number, headers[i], $"{headers[i]}“{text}”不是计数：须为非负整数（可写作 1.2万、10万+）",
                    $"{headers[i]} '{text}' is not a count: a whole number ≥ 0 (1.2万 and 10万+ are read)"));
        }
        return errors.Count > before ? null : (account, day, figures);
    }
}

/// <summary>Stores a workbook of daily metrics or articles: all rows or none, unless <paramref name="ValidRowsOnly"/>.</summary>
[RequiresPermission(AccountMatrixPermissions.Metrics)]
internal sealed record ImportMetricWorkbook(IReadOnlyList<MetricSheet.Row> Rows, bool ValidRowsOnly, bool Articles = false) : ICommand<MetricImportResult>;

/// <summary>What importing the workbook would report, without storing anything (the console's preview).</summary>
[RequiresPermission(AccountMatrixPermissions.Metrics)]
internal sealed record CheckMetricWorkbook(IReadOnlyList<MetricSheet.Row> Rows, bool Articles) : IRequest<IReadOnlyList<Violation>>;

internal sealed class ImportMetricWorkbookHandler(IDocumentSession session, IDocumentStore store, ICallerScope scope)
    : IRequestHandler<ImportMetricWorkbook, MetricImportResult>, IRequestHandler<CheckMetricWorkbook, IReadOnlyList<Violation>>
{
    public async Task<IReadOnlyList<Violation>> Handle(CheckMetricWorkbook query, CancellationToken ct) => (await ParseAsync(query.Rows, query.Articles, ct)).Errors;

    public async Task<MetricImportResult> Handle(ImportMetricWorkbook command, CancellationToken ct)
    {
        var (daily, articles, errors) = await ParseAsync(command.Rows, command.Articles, ct);
        if (errors.Count > 0 && (!command.ValidRowsOnly || daily.Count + articles.Count == 0)) throw new RuleViolationException(errors);
        MetricWriter.Queue(session, daily, articles);
        await session.SaveChangesAsync(ct);
        return new MetricImportResult(daily.Count, articles.Count);
    }

    private async Task<(List<DailyMetricRow> Daily, List<ArticleMetricRow> Articles, List<Violation> Errors)> ParseAsync(
        IReadOnlyList<MetricSheet.Row> rows, bool articles, CancellationToken ct)
    {
        if (rows.Count == 0) throw new RuleViolationException("file", "文件中没有数据行", "The file has no data rows");
        var accounts = await Workbook.AccountsByHandleAsync(session, scope, ct);
        if (articles)
        {
            var (parsed, errors) = MetricSheet.ParseArticles(rows, accounts);
            var taken = await MetricWriter.HeldByOthersAsync(store, parsed, ct);
            foreach (var row in rows.Where(r => taken.Contains(r.Id)))
                errors.Add(Workbook.RowError(row.Number, "id", $"文章编号“{row.Id}”已属于另一个账号", $"the article id '{row.Id}' belongs to another account"));
            return ([], parsed.Where(a => !taken.Contains(a.Id)).ToList(), errors);
        }
        var (daily, dailyErrors) = MetricSheet.ParseDaily(rows, accounts);
        return (daily, [], dailyErrors);
    }
}

/// <summary>The caller's recorded metrics over a period, as the workbook that imports them.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ExportMetrics(DateOnly From, DateOnly To, bool Articles) : IRequest<List<IDictionary<string, object?>>>;

internal sealed class ExportMetricsHandler(IQuerySession session, IDocumentStore store, ICallerScope scope) : IRequestHandler<ExportMetrics, List<IDictionary<string, object?>>>
{
    public async Task<List<IDictionary<string, object?>>> Handle(ExportMetrics query, CancellationToken ct)
    {
        var accounts = (await (await session.QueryInScopeAsync<Account>(scope, ct)).Select(a => new { a.Id, a.Platform, a.Handle }).ToListAsync(ct))
            .ToDictionary(a => a.Id);
        var rows = new List<IDictionary<string, object?>>();
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand(query.Articles
            ? $"select account_id, day, id, title, headline, {string.Join(", ", MetricTables.ArticleColumns)} from {MetricTables.Articles} where account_id = any($1) and day between $2 and $3 order by day, id"
            : $"select account_id, day, {string.Join(", ", MetricTables.DailyColumns)} from {MetricTables.Daily} where account_id = any($1) and day between $2 and $3 order by day, account_id",
            connection) { Parameters = { new() { Value = accounts.Keys.ToArray() }, new() { Value = query.From }, new() { Value = query.To } } };
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var headers = query.Articles ? MetricSheet.ArticleHeaders : MetricSheet.Headers;
        var first = query.Articles ? 5 : 2;
        while (await r.ReadAsync(ct))
        {
            var account = accounts[r.GetGuid(0)];
            var row = new Dictionary<string, object?>
            {
                [MetricSheet.Platform] = Workbook.PlatformNames[account.Platform], [MetricSheet.Handle] = account.Handle,
                [MetricSheet.Day] = r.GetFieldValue<DateOnly>(1).ToString("yyyy-MM-dd"),
            };
            if (query.Articles)
            {
                row[MetricSheet.ArticleId] = r.GetString(2);
                row[MetricSheet.Title] = r.GetString(3);
                row[MetricSheet.Headline] = r.GetBoolean(4) ? "是" : "否";
            }
            for (var i = 0; i < headers.Length; i++) row[headers[i]] = r.GetInt64(first + i);
            rows.Add(row);
        }
        return rows;
    }
}

internal static class MetricWorkbookEndpoint
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        foreach (var (route, articles) in new[] { ("/metrics", false), ("/metrics/articles", true) })
        {
            routes.MapPost($"{route}/import", async (IFormFile? file, bool? validRowsOnly, IMediator mediator, CancellationToken ct) =>
                {
                    using var buffer = await Workbook.UploadAsync(file, ct);
                    return Results.Ok(await mediator.Send(new ImportMetricWorkbook(MetricSheet.Read(buffer, articles), validRowsOnly ?? false, articles), ct));
                })
                .RequirePermission(AccountMatrixPermissions.Metrics)
                .WithSummary(articles
                    ? "Articles from an Excel workbook (平台, 账号, 文章编号, 日期, 标题, 头条, 阅读数 … 评论); a bad row rejects the file unless validRowsOnly=true"
                    : "Daily metrics from an Excel workbook (平台, 账号, 日期, 粉丝数 … 下载量); a bad row rejects the file unless validRowsOnly=true")
                .Produces<MetricImportResult>().ProducesValidationProblem().DisableAntiforgery();
            routes.MapGet($"{route}/export", async ([AsParameters] PeriodQuery period, IMediator mediator, IOfficeClock clock, CancellationToken ct) =>
                {
                    var p = period.Resolve(clock);
                    return NetInfoSuite.Ui.ExportCells.File(MetricSheet.Layout(articles).Rows(await mediator.Send(new ExportMetrics(p.From, p.To, articles), ct)), $"{(articles ? "articles" : "metrics")}-{p.From:yyyyMMdd}-{p.To:yyyyMMdd}.xlsx");
                })
                .RequirePermission(AccountMatrixPermissions.Read)
                .WithSummary(articles ? "The caller's articles of a period as an Excel workbook (the import's layout)" : "The caller's daily metrics of a period as an Excel workbook (the import's layout)");
            routes.MapGet($"{route}/import/template", () => NetInfoSuite.Ui.ExportCells.File(MetricSheet.Layout(articles).Template(), articles ? "文章数据导入模板.xlsx" : "每日数据导入模板.xlsx"))
                .RequirePermission(AccountMatrixPermissions.Metrics).WithSummary("The import's workbook with its header row and one example line");
        }
    }
}
