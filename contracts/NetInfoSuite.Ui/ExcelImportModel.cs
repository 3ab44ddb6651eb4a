using NetInfoSuite.Contracts.Errors;

namespace NetInfoSuite.Ui;

/// <summary>What a check of an uploaded workbook found: its data rows and the rows' errors.</summary>
public sealed record ImportPreview(int Rows, IReadOnlyList<Violation> Errors);

/// <summary>Keeps an upload between "check" and "confirm" (in the database, so any host instance can finish
/// the import). Only the user who uploaded can take it back, once; the host drops what is left after an hour.</summary>
public interface IUploadStash
{
    Task<Guid> PutAsync(string fileName, byte[] content, CancellationToken cancellationToken);
    Task<byte[]?> TakeAsync(Guid id, CancellationToken cancellationToken);
}

/// <summary>How an import error reads on a page: where (第 65 行「上级编码」, from the violation's <c>rows[65].parentCode</c>
/// and the page's column headers) and why (the message without its own "第 65 行：", which API clients need and the page
/// shows in the 位置 column). A field path never reaches the page.</summary>
public static partial class ImportErrors
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^rows\[(\d+)\](?:\.([\w.]+))?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex RowField();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(第\s*\d+\s*行[：:]\s*|Row \d+:\s*)")]
    private static partial System.Text.RegularExpressions.Regex RowPrefix();

    /// <param name="field">The violation's field: <c>rows[N].field</c> (N the workbook's row number) or a whole-file field.</param>
    /// <param name="columns">The sheet's column headers by field name (e.g. parentCode → 上级编码).</param>
    public static string Where(string field, IReadOnlyDictionary<string, string>? columns)
    {
        var match = RowField().Match(field);
        if (!match.Success) return Text.T("文件", "File");
        var row = match.Groups[1].Value;
        var field2 = match.Groups[2].Success ? match.Groups[2].Value : null;
        var column = field2 is null ? null
            : columns?.FirstOrDefault(c => string.Equals(c.Key, field2, StringComparison.OrdinalIgnoreCase)).Value
              ?? (field2.Any(c => c > 127) ? field2 : null); // a field named by its Chinese header (e.g. 阅读数) is its own label
        return column is null ? Text.T($"第 {row} 行", $"Row {row}") : Text.T($"第 {row} 行「{column}」", $"Row {row} “{column}”");
    }

    public static string Reason(string message) => RowPrefix().Replace(message, "");
}
