using Microsoft.AspNetCore.Http;
using MiniExcelLibs;

namespace NetInfoSuite.Ui;

/// <summary>Text written into an exported workbook that Excel or WPS would take for a formula (it starts with
/// = + - @, or a tab or line break before one) goes out with a leading apostrophe, as text (OWASP's advice
/// against formula injection); imports take the apostrophe off again, so an export re-imports unchanged.</summary>
public static class ExportCells
{
    public static object? Safe(object? value) => value is string text && Risky(text) ? "'" + text : value;

    public static IEnumerable<IDictionary<string, object?>> Safe(IEnumerable<IDictionary<string, object?>> rows) =>
        rows.Select(row => (IDictionary<string, object?>)row.ToDictionary(c => c.Key, c => Safe(c.Value)));

    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>An export or template download: the rows, made <see cref="Safe(object?)"/>, as one .xlsx sheet.</summary>
    public static IResult File(IEnumerable<IDictionary<string, object?>> rows, string fileName)
    {
        var file = new MemoryStream();
        file.SaveAs(Safe(rows), excelType: ExcelType.XLSX);
        file.Position = 0;
        return Results.File(file, XlsxType, fileName);
    }

    /// <summary>An imported cell as it was before <see cref="Safe(object?)"/>.</summary>
    public static string Unquote(string text) => text.Length > 1 && text[0] == '\'' && Risky(text[1..]) ? text[1..] : text;

    private static bool Risky(string text) => text.TrimStart('\t', '\r', '\n', ' ') is [ '=' or '+' or '-' or '@', ..];
}
