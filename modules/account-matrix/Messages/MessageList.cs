using System.Globalization;

namespace NetInfoSuite.Modules.AccountMatrix.Messages;

/// <summary>The messages of the caller's accounts, newest first; optionally only those still unanswered.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ListMessages(bool UnansweredOnly, int Page, int PageSize) : IRequest<Page<MessageView>>;

internal sealed class ListMessagesValidator : AbstractValidator<ListMessages>
{
    public ListMessagesValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 500);
    }
}

internal sealed class ListMessagesHandler(IQuerySession session, ICallerScope scope, MessageLimits limits, TimeProvider clock)
    : IRequestHandler<ListMessages, Page<MessageView>>
{
    public async Task<Page<MessageView>> Handle(ListMessages query, CancellationToken ct)
    {
        var messages = (await session.QueryInScopeAsync<NetizenMessage>(scope, ct));
        if (query.UnansweredOnly) messages = messages.Where(m => m.RepliedAt == null);
        var total = await messages.CountAsync(ct);
        var page = await messages.OrderByDescending(m => m.At).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new Page<MessageView>(page.Select(m => limits.View(m, now)).ToList(), query.Page, query.PageSize, total);
    }
}

/// <summary>The messages workbook: 平台, 账号, 时间 (office time), 内容, 类别; one message per row.</summary>
internal static class MessageSheet
{
    public const string Platform = "平台", Handle = "账号", At = "时间", Text = "内容", Category = "类别";

    /// <summary>The import's columns, with the template's example line.</summary>
    public static readonly NetInfoSuite.Ui.SheetLayout Layout = new((Platform, "微信公众号"), (Handle, "dongan_fabu"), (At, "2026-11-30 09:30"),
        (Text, "小区门前的路灯坏了，什么时候能修？"), (Category, "咨询"));

    /// <summary>The headers by the field names the import's errors use.</summary>
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["accountId"] = Handle, ["at"] = At, ["text"] = Text, ["category"] = Category,
    };
    private static readonly string[] TimeFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd H:mm", "yyyy/M/d H:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];

    public sealed record Row(int Number, string Platform, string Handle, string At, string Text, string Category);

    public static List<Row> Read(Stream xlsx) => Workbook.Read(xlsx, 10_000)
        .Select(r => new Row(r.Number, r.Cell(Platform), r.Cell(Handle), r.Cell(At), r.Cell(Text), r.Cell(Category)))
        .Where(r => r.Text.Length > 0 || r.Handle.Length > 0).ToList();

    /// <summary>The rows as messages, and every bad cell as a violation naming its row.</summary>
    public static (List<IncomingNetizenMessage> Messages, List<Violation> Errors) Parse(IReadOnlyList<Row> rows, IReadOnlyDictionary<(AccountPlatform, string), Guid> accounts, IOfficeClock clock)
    {
        var messages = new List<IncomingNetizenMessage>();
        var errors = new List<Violation>();
        foreach (var r in rows)
        {
            var before = errors.Count;
            var account = Workbook.AccountOf(accounts, r.Number, r.Platform, r.Handle, "accountId", errors);
            if (!DateTime.TryParseExact(r.At, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                errors.Add(Workbook.RowError(r.Number, "at", $"时间“{r.At}”无效（如 2026-11-26 09:30）", $"the time '{r.At}' is not like 2026-11-26 09:30"));
            if (r.Text.Length is 0 or > 5_000) errors.Add(Workbook.RowError(r.Number, "text", "须填写内容（5000 字以内）", "give the text (up to 5000 characters)"));
            if (r.Category.Length > 50) errors.Add(Workbook.RowError(r.Number, "category", "类别不能超过 50 字", "the category must not exceed 50 characters"));
            if (errors.Count == before) messages.Add(new IncomingNetizenMessage(account, clock.FromOffice(at), r.Text, r.Category));
        }
        return (messages, errors);
    }
}

/// <summary>Records a workbook of messages: every row or none, unless <paramref name="ValidRowsOnly"/>.</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record ImportMessageWorkbook(IReadOnlyList<MessageSheet.Row> Rows, bool ValidRowsOnly) : ICommand<int>;

/// <summary>What importing the workbook would report, without storing anything (the console's preview).</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record CheckMessageWorkbook(IReadOnlyList<MessageSheet.Row> Rows) : IRequest<IReadOnlyList<Violation>>;

internal sealed class ImportMessageWorkbookHandler(IDocumentSession session, ICallerScope scope, IOfficeClock clock)
    : IRequestHandler<ImportMessageWorkbook, int>, IRequestHandler<CheckMessageWorkbook, IReadOnlyList<Violation>>
{
    public async Task<IReadOnlyList<Violation>> Handle(CheckMessageWorkbook query, CancellationToken ct) => (await ParseAsync(query.Rows, ct)).Errors;

    private async Task<(List<IncomingNetizenMessage> Messages, List<Violation> Errors)> ParseAsync(IReadOnlyList<MessageSheet.Row> rows, CancellationToken ct) =>
        rows.Count == 0 ? throw new RuleViolationException("file", "文件中没有数据行", "The file has no data rows")
            : MessageSheet.Parse(rows, await Workbook.AccountsByHandleAsync(session, scope, ct), clock);

    public async Task<int> Handle(ImportMessageWorkbook command, CancellationToken ct)
    {
        var (messages, errors) = await ParseAsync(command.Rows, ct);
        if (errors.Count > 0 && (!command.ValidRowsOnly || messages.Count == 0)) throw new RuleViolationException(errors);
        return await RecordMessagesHandler.StoreAsync(session, scope, messages, ct);
    }
}

internal static class MessageListEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/messages", async (bool? unanswered, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ListMessages(unanswered ?? false, page ?? 1, pageSize ?? 50), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("Messages on the caller's accounts, newest first, each flagged when it waited past the limit")
            .Produces<Page<MessageView>>();
        routes.MapPost("/messages/import", async (IFormFile? file, bool? validRowsOnly, IMediator m, CancellationToken ct) =>
            {
                using var buffer = await Workbook.UploadAsync(file, ct, 10 * 1024 * 1024);
                return Results.Ok(new { recorded = await m.Send(new ImportMessageWorkbook(MessageSheet.Read(buffer), validRowsOnly ?? false), ct) });
            })
            .RequirePermission(AccountMatrixPermissions.Manage)
            .WithSummary("Record messages from an Excel workbook (平台, 账号, 时间, 内容, 类别); a bad row rejects the file unless validRowsOnly=true")
            .ProducesValidationProblem().DisableAntiforgery();
        routes.MapGet("/messages/import/template", () => NetInfoSuite.Ui.ExportCells.File(MessageSheet.Layout.Template(), "留言导入模板.xlsx"))
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("The import's workbook with its header row and one example line");
    }
}
