using MiniExcelLibs;

namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>The module's Excel downloads: Chinese headers, cells a spreadsheet will not run as formulas.</summary>
internal static class Workbooks
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>At most this many rows leave in one export.</summary>
    public const int MaxRows = 10_000;

    public static IResult File(IEnumerable<IDictionary<string, object?>> rows, string fileName)
    {
        var file = new MemoryStream();
        file.SaveAs(NetInfoSuite.Ui.ExportCells.Safe(rows), excelType: ExcelType.XLSX);
        file.Position = 0;
        return Results.File(file, XlsxType, fileName);
    }
}
