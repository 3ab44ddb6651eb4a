using System.Globalization;
using MiniExcelLibs;

namespace NetInfoSuite.Modules.Directory.ImportExport;

/// <summary>One spreadsheet row of the tree. Row is the Excel row number (the header is row 1).</summary>
internal sealed record OrgUnitRow(int Row, string? Code, string? Name, string? Level, string? ParentCode);

/// <summary>The spreadsheet layout shared by export and import: Chinese headers, English ones accepted.</summary>
internal static class OrgTreeSheet
{
    public const string Code = "编码", Name = "名称", Level = "层级", ParentCode = "上级编码", Status = "状态";
    public const int MaxRows = 100_000;

    /// <summary>The headers by the field names the import's errors use.</summary>
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["code"] = Code, ["name"] = Name, ["level"] = Level, ["parentCode"] = ParentCode,
    };

    /// <summary>The columns as exported, with the template's example line (a county under the city).</summary>
    public static readonly NetInfoSuite.Ui.SheetLayout Layout = new((Code, "231002"), (Name, "东安区"), (Level, "县（市、区）"), (ParentCode, "231000"), (Status, "启用"));

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        [Code] = Code, ["Code"] = Code,
        [Name] = Name, ["Name"] = Name,
        [Level] = Level, ["Level"] = Level,
        [ParentCode] = ParentCode, ["ParentCode"] = ParentCode, ["Parent Code"] = ParentCode,
        [Status] = Status, ["Status"] = Status,
    };

    public static List<OrgUnitRow> Read(Stream xlsx)
    {
        List<IDictionary<string, object?>> raw;
        try
        {
            raw = MiniExcel.Query(xlsx, useHeaderRow: true, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>().Take(MaxRows + 1).ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new RuleViolationException("file", "无法读取该文件，请上传 .xlsx 格式的 Excel 文件",
                "The file cannot be read; upload an .xlsx Excel workbook");
        }
        if (raw.Count > MaxRows)
            throw new RuleViolationException("file", $"一次最多导入 {MaxRows} 行", $"At most {MaxRows} rows per import");

        var rows = new List<OrgUnitRow>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var cells = raw[i]
                .Where(c => Aliases.ContainsKey(c.Key.Trim()))
                .ToDictionary(c => Aliases[c.Key.Trim()], c => Text(c.Value));
            if (i == 0)
                foreach (var required in new[] { Code, Name, Level, ParentCode })
                    if (!cells.ContainsKey(required))
                        throw new RuleViolationException("file", $"缺少列“{required}”", $"The column '{required}' is missing");
            if (cells.Values.All(string.IsNullOrWhiteSpace)) continue; // blank line
            rows.Add(new OrgUnitRow(i + 2, cells.GetValueOrDefault(Code), cells.GetValueOrDefault(Name),
                cells.GetValueOrDefault(Level), cells.GetValueOrDefault(ParentCode)));
        }
        return rows;
    }

    // Excel hands numeric codes (e.g. 231002) back as doubles.
    private static string? Text(object? value) => value switch
    {
        null => null,
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => d.ToString("0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() is { } text ? NetInfoSuite.Ui.ExportCells.Unquote(text) : null,
    };
}
