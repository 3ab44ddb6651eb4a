using System.Globalization;
using MiniExcelLibs;

namespace NetInfoSuite.Modules.Compliance.Registry;

/// <summary>The registry's spreadsheet: one row per unit, Chinese headers and names; what the export writes the import
/// reads back (a unit is known by its credit code: a row with a registered code changes that unit).</summary>
internal static class MediaUnitSheet
{
    public const string Name = "单位名称", Code = "统一社会信用代码", Kind = "类型", Share = "非公有资本占比（%）", Category = "负面清单类别",
        Scope = "经营范围", Filed = "备案日期", Status = "状态", Supervisor = "监管单位编码", Notes = "备注";
    public const int MaxRows = 10_000;

    /// <summary>The columns in order with an example line (the import template; an empty export keeps its header row).</summary>
    public static readonly NetInfoSuite.Ui.SheetLayout Layout = new((Name, "牡丹江某某传媒有限公司"), (Code, "91350100M000100Y43"), (Kind, "企业"),
        (Share, 35), (Category, "限制类"), (Scope, "互联网信息服务"), (Filed, "2026-03-01"), (Status, "正常"), (Supervisor, "231000"), (Notes, ""));

    /// <summary>The headers by the field names the import's errors use.</summary>
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["name"] = Name, ["creditCode"] = Code, ["kind"] = Kind, ["nonPublicShare"] = Share, ["category"] = Category, ["businessScope"] = Scope,
        ["filedOn"] = Filed, ["status"] = Status, ["supervisor"] = Supervisor, ["notes"] = Notes,
    };

    public static readonly IReadOnlyDictionary<MediaUnitKind, string> Kinds = new Dictionary<MediaUnitKind, string>
    {
        [MediaUnitKind.Website] = "网站", [MediaUnitKind.NewMediaAccount] = "新媒体账号", [MediaUnitKind.App] = "客户端",
        [MediaUnitKind.NewsOutlet] = "新闻单位", [MediaUnitKind.Company] = "企业",
    };
    public static readonly IReadOnlyDictionary<NegativeListCategory, string> Categories = new Dictionary<NegativeListCategory, string>
    {
        [NegativeListCategory.Prohibited] = "禁止类", [NegativeListCategory.Restricted] = "限制类", [NegativeListCategory.Permitted] = "许可",
    };
    public static readonly IReadOnlyDictionary<MediaUnitStatus, string> Statuses = new Dictionary<MediaUnitStatus, string>
    {
        [MediaUnitStatus.Active] = "正常", [MediaUnitStatus.Suspended] = "暂停", [MediaUnitStatus.Deregistered] = "注销",
    };

    public sealed record Row(int Number, string Name, string Code, string Kind, string Share, string Category, string Scope, string Filed, string Status,
        string Supervisor, string Notes);

    public static List<Row> Read(Stream xlsx)
    {
        try
        {
            return MiniExcel.Query(xlsx, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()
                .Take(MaxRows + 1)
                .Select((cells, i) => new Row(i + 2, Cell(cells, Name), Cell(cells, Code), Cell(cells, Kind), Cell(cells, Share), Cell(cells, Category),
                    Cell(cells, Scope), Cell(cells, Filed), Cell(cells, Status), Cell(cells, Supervisor), Cell(cells, Notes)))
                .Where(r => !(r.Name.Length == 0 && r.Code.Length == 0))
                .ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not RuleViolationException)
        {
            throw new RuleViolationException("file", "无法读取该文件，请上传 .xlsx 格式的 Excel 文件", "The file cannot be read; upload an .xlsx workbook");
        }
    }

    // A date cell comes as a DateTime; a typed one as text.
    private static string Cell(IDictionary<string, object?> cells, string header) =>
        cells.TryGetValue(header, out var value)
            ? NetInfoSuite.Ui.ExportCells.Unquote(value is DateTime d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "")
            : "";

    /// <summary>Reads a row's names and numbers; what does not read becomes an error on its column.</summary>
    public static (SaveMediaUnit? Unit, List<Violation> Errors) Parse(Row r, Guid? supervisor)
    {
        var errors = new List<Violation>();
        void Error(string field, string zh, string en) => errors.Add(new($"rows[{r.Number}].{field}", $"第 {r.Number} 行：{zh}", $"Row {r.Number}: {en}"));
        var kind = Kinds.FirstOrDefault(k => k.Value == r.Kind).Key;
        if (!Kinds.Values.Contains(r.Kind)) Error("kind", $"类型“{r.Kind}”无效（{string.Join("、", Kinds.Values)}）", $"the kind '{r.Kind}' is not one of {string.Join(", ", Kinds.Values)}");
        var category = Categories.FirstOrDefault(k => k.Value == r.Category).Key;
        if (!Categories.Values.Contains(r.Category)) Error("category", $"负面清单类别“{r.Category}”无效（禁止类、限制类、许可）", $"the category '{r.Category}' is not one of 禁止类, 限制类, 许可");
        var status = r.Status.Length == 0 ? MediaUnitStatus.Active : Statuses.FirstOrDefault(k => k.Value == r.Status).Key;
        if (r.Status.Length > 0 && !Statuses.Values.Contains(r.Status)) Error("status", $"状态“{r.Status}”无效（正常、暂停、注销）", $"the status '{r.Status}' is not one of 正常, 暂停, 注销");
        if (!decimal.TryParse(r.Share.TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var share))
            Error("nonPublicShare", "非公有资本占比须为 0 到 100 的数", "the non-public share must be a number from 0 to 100");
        if (!DateOnly.TryParseExact(r.Filed, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var filed))
            Error("filedOn", "备案日期须为日期（如 2026-03-01）", "the filing date must be a date (e.g. 2026-03-01)");
        if (supervisor is null) Error("supervisor", $"编码 {r.Supervisor} 的单位不存在或不在本单位范围内", $"no unit with the code {r.Supervisor} in your part of the tree");
        if (errors.Count > 0) return (null, errors);
        var unit = new SaveMediaUnit(null, r.Name, r.Code, kind, share, category, NullIfEmpty(r.Scope), filed, status, NullIfEmpty(r.Notes), supervisor!.Value, null);
        // The form's own checks, the same for a row as for a form.
        foreach (var failure in new SaveMediaUnitValidator().Validate(unit).Errors)
        {
            var field = char.ToLowerInvariant(failure.PropertyName[0]) + failure.PropertyName[1..];
            var label = Columns.GetValueOrDefault(field, field);
            var message = failure.ErrorMessage.Replace($"'{failure.PropertyName}'", $"「{label}」", StringComparison.Ordinal);
            errors.Add(new($"rows[{r.Number}].{field}", $"第 {r.Number} 行：{message}", $"Row {r.Number}: {message}"));
        }
        return (errors.Count > 0 ? null : unit, errors);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    public static IEnumerable<IDictionary<string, object?>> Rows(IEnumerable<(MediaUnit Unit, string SupervisorCode)> units) =>
        units.Select(x => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            [Name] = x.Unit.Name, [Code] = x.Unit.CreditCode, [Kind] = Kinds[x.Unit.Kind], [Share] = x.Unit.NonPublicShare,
            [Category] = Categories[x.Unit.Category], [Scope] = x.Unit.BusinessScope, [Filed] = x.Unit.FiledOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [Status] = Statuses[x.Unit.Status], [Supervisor] = x.SupervisorCode, [Notes] = x.Unit.Notes,
        });
}
