using System.Globalization;
using MiniExcelLibs;

namespace NetInfoSuite.Modules.AccountMatrix.Domain;

/// <summary>The module's Excel workbooks: Chinese headers, one row per record, read and written with MiniExcel.</summary>
internal static class Workbook
{
    // A date with its year: 2026-11-26, 2026/11/26, 2026年11月26日.
    public static readonly string[] DayFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy年M月d日"];

    /// <summary>An uploaded workbook, checked for presence and size, in memory.</summary>
    public static async Task<MemoryStream> UploadAsync(IFormFile? file, CancellationToken ct, long maxBytes = 50 * 1024 * 1024)
    {
        if (file is null || file.Length == 0) throw new RuleViolationException("file", "请上传 Excel 文件", "Upload an Excel file");
        if (file.Length > maxBytes)
            throw new RuleViolationException("file", $"文件不能超过 {maxBytes / 1024 / 1024} MB", $"The file must not exceed {maxBytes / 1024 / 1024} MB");
        var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>A data row: its number as Excel shows it, and each cell by header as trimmed text ("" when absent).</summary>
    public sealed record Row(int Number, Func<string, string> Cell);

    /// <summary>The data rows (header row first in the sheet).</summary>
    public static List<Row> Read(Stream xlsx, int maxRows)
    {
        try
        {
            return MiniExcel.Query(xlsx, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().Take(maxRows + 1)
                .Select((cells, i) => new Row(i + 2, header => Cell(cells, header)))
                .ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new RuleViolationException("file", "无法读取该文件，请上传 .xlsx 格式的 Excel 文件", "The file cannot be read; upload an .xlsx workbook");
        }
    }

    private static string Cell(IDictionary<string, object?> cells, string header) => cells.TryGetValue(header, out var v) ? v switch
    {
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        _ => NetInfoSuite.Ui.ExportCells.Unquote(Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() ?? ""),
    } : "";

    /// <summary>The caller's accounts by (platform, handle): how workbooks name them.</summary>
    public static async Task<Dictionary<(AccountPlatform, string), Guid>> AccountsByHandleAsync(IQuerySession session, ICallerScope scope, CancellationToken ct)
    {
        return (await (await session.QueryInScopeAsync<Account>(scope, ct)).Select(a => new { a.Id, a.Platform, a.Handle }).ToListAsync(ct))
            .GroupBy(a => (a.Platform, a.Handle)).ToDictionary(g => g.Key, g => g.First().Id);
    }

    /// <summary>The row's account, named by platform and handle; when there is none of the caller's, a violation on
    /// <paramref name="field"/> is added and the result is <see cref="Guid.Empty"/>.</summary>
    public static Guid AccountOf(IReadOnlyDictionary<(AccountPlatform, string), Guid> accounts, int row, string platform, string handle,
        string field, List<Violation> errors)
    {
        if (TryPlatform(platform, out var p) && accounts.TryGetValue((p, handle), out var account)) return account;
        errors.Add(RowError(row, field, $"平台 {platform} 上没有本单位的账号 {handle}", $"no account {handle} of yours on {platform}"));
        return Guid.Empty;
    }

    public static bool TryDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>A violation naming the row (<c>rows[5].day</c>) with "第 5 行：" / "Row 5: " in front.</summary>
    public static Violation RowError(int row, string field, string zh, string en) => new($"rows[{row}].{field}", $"第 {row} 行：{zh}", $"Row {row}: {en}");

    public static readonly IReadOnlyDictionary<AccountPlatform, string> PlatformNames = new Dictionary<AccountPlatform, string>
    {
        [AccountPlatform.WeChat] = "微信公众号", [AccountPlatform.WeChatChannels] = "视频号", [AccountPlatform.Weibo] = "微博",
        [AccountPlatform.Douyin] = "抖音", [AccountPlatform.Kuaishou] = "快手", [AccountPlatform.Toutiao] = "今日头条",
        [AccountPlatform.Bilibili] = "哔哩哔哩", [AccountPlatform.CountyApp] = "客户端", [AccountPlatform.Website] = "网站", [AccountPlatform.Other] = "其他",
    };

    public static readonly IReadOnlyDictionary<AccountCategory, string> CategoryNames = new Dictionary<AccountCategory, string>
    {
        [AccountCategory.Government] = "政务类", [AccountCategory.News] = "新闻类", [AccountCategory.Service] = "服务类",
    };

    /// <summary>A platform by its Chinese name (微信公众号) or its API name (WeChat).</summary>
    public static bool TryPlatform(string text, out AccountPlatform platform) => TryName(PlatformNames, text, out platform);

    public static bool TryCategory(string text, out AccountCategory category) => TryName(CategoryNames, text, out category);

    private static bool TryName<T>(IReadOnlyDictionary<T, string> names, string text, out T value) where T : struct, Enum
    {
        foreach (var (key, name) in names)
            if (name == text) { value = key; return true; }
        return Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);
    }
}
