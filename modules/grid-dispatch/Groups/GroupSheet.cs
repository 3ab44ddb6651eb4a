using MiniExcelLibs;
using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.GridDispatch.Groups;

/// <summary>The groups' spreadsheet: one row per group, one operator per row (a second operator: a second row
/// with the same name and unit). Chinese headers.</summary>
internal static class GroupSheet
{
    public const string Name = "群名称", Kind = "类型", Platform = "平台", UnitCode = "所属村（社区）编码", Operator = "管理员",
        Phone = "管理员电话", Login = "管理员账号", Members = "成员数";
    public const int MaxRows = 100_000;

    /// <summary>The headers by the field names the import's errors use.</summary>
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["name"] = Name, ["kind"] = Kind, ["platform"] = Platform, ["unitCode"] = UnitCode, ["members"] = Members, ["phone"] = Phone,
    };

    /// <summary>The columns as exported, with the template's example line.</summary>
    public static readonly NetInfoSuite.Ui.SheetLayout Layout = new((Name, "七星社区网格一群"), (Kind, "网格群"), (Platform, "微信"),
        (UnitCode, "231002001001"), (Operator, "张伟"), (Phone, "13800000000"), (Login, ""), (Members, 320));

    private static readonly Dictionary<string, GroupKind> Kinds = new()
    {
        ["网格群"] = GroupKind.GridGroup, ["居民群"] = GroupKind.Residents, ["村民群"] = GroupKind.Villagers, ["其他"] = GroupKind.Other,
    };
    private static readonly Dictionary<string, GroupPlatform> Platforms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["微信"] = GroupPlatform.WeChat, ["企业微信"] = GroupPlatform.WeCom, ["钉钉"] = GroupPlatform.DingTalk, ["QQ"] = GroupPlatform.QQ, ["其他"] = GroupPlatform.Other,
    };

    public static string KindName(GroupKind kind) => Kinds.First(k => k.Value == kind).Key;
    public static string PlatformName(GroupPlatform platform) => Platforms.First(p => p.Value == platform).Key;

    public sealed record Row(int Number, string Name, string Kind, string Platform, string UnitCode, string Operator, string Phone, string Login, string Members);

    public static List<Row> Read(Stream xlsx)
    {
        try
        {
            return MiniExcel.Query(xlsx, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()
                .Take(MaxRows + 1)
                .Select((cells, i) => new Row(i + 2, Cell(cells, Name), Cell(cells, Kind), Cell(cells, Platform), Cell(cells, UnitCode),
                    Cell(cells, Operator), Cell(cells, Phone), Cell(cells, Login), Cell(cells, Members)))
                .Where(r => !(r.Name.Length == 0 && r.UnitCode.Length == 0 && r.Operator.Length == 0))
                .ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not RuleViolationException)
        {
            throw new RuleViolationException("file", "无法读取该文件，请上传 .xlsx 格式的 Excel 文件", "The file cannot be read; upload an .xlsx workbook");
        }
    }

    private static string Cell(IDictionary<string, object?> cells, string header) =>
        cells.TryGetValue(header, out var value) ? NetInfoSuite.Ui.ExportCells.Unquote(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? "") : "";

    /// <summary>The rows as groups; every problem as a violation naming its row.</summary>
    public static (List<CreateGridGroup> Groups, List<Violation> Errors) Parse(IReadOnlyList<Row> rows, IReadOnlyDictionary<string, OrgUnitInfo> units)
    {
        var errors = new List<Violation>();
        var groups = new Dictionary<(string, string), (CreateGridGroup Group, int Row)>();
        if (rows.Count > MaxRows) errors.Add(new("file", $"一次最多导入 {MaxRows} 行", $"At most {MaxRows} rows per import"));
        foreach (var r in rows.Take(MaxRows))
        {
            void Error(string field, string zh, string en) => errors.Add(new($"rows[{r.Number}].{field}", $"第 {r.Number} 行：{zh}", $"Row {r.Number}: {en}"));
            var before = errors.Count;
            if (r.Name.Length is 0 or > 100) Error("name", "群名称不能为空且不超过 100 字", "the group name must be 1 to 100 characters");
            if (!Kinds.TryGetValue(r.Kind, out var kind)) Error("kind", $"类型“{r.Kind}”无效（网格群、居民群、村民群、其他）", $"the kind '{r.Kind}' is not one of 网格群, 居民群, 村民群, 其他");
            if (!Platforms.TryGetValue(r.Platform, out var platform)) Error("platform", $"平台“{r.Platform}”无效（微信、企业微信、钉钉、QQ、其他）", $"the platform '{r.Platform}' is not one of 微信, 企业微信, 钉钉, QQ, 其他");
            if (!units.TryGetValue(r.UnitCode, out var unit)) Error("unitCode", $"编码 {r.UnitCode} 的村（社区）不存在或不在本单位范围内", $"no community with the code {r.UnitCode} in your unit");
            else if (unit.Level != OrgLevel.Community) Error("unitCode", $"{unit.Name} 不是村（社区）", $"{unit.Name} is not a community or village");
            if (!int.TryParse(r.Members.Length == 0 ? "0" : r.Members, out var members) || members is < 0 or > 100_000) Error("members", "成员数须为 0 到 100000 的整数", "the member count must be a whole number from 0 to 100000");
            if (r.Phone.Length > 0 && !System.Text.RegularExpressions.Regex.IsMatch(r.Phone, @"^\+?[0-9][0-9 -]{4,19}$")) Error("phone", "管理员电话格式不正确", "the operator's phone is malformed");
            if (errors.Count > before) continue;

            var op = r.Operator.Length > 0 ? new GroupOperator(r.Operator, NullIfEmpty(r.Phone), NullIfEmpty(r.Login)) : null;
            var key = (r.Name, r.UnitCode);
            if (groups.TryGetValue(key, out var existing))
            {
                if (op is not null) groups[key] = (existing.Group with { Operators = [.. existing.Group.Operators, op] }, existing.Row);
                continue;
            }
            groups[key] = (new CreateGridGroup(r.Name, kind, platform, unit!.Id.Value, op is null ? [] : [op], members), r.Number);
        }
        return (groups.Values.Select(g => g.Group).ToList(), errors);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    public static IEnumerable<IDictionary<string, object?>> Rows(IEnumerable<(GridGroup Group, string UnitCode)> groups) =>
        groups.SelectMany(x => (x.Group.Operators.Count == 0 ? [new GroupOperator("", null, null)] : x.Group.Operators)
            .Select(o => (IDictionary<string, object?>)new Dictionary<string, object?>
            {
                [Name] = x.Group.Name, [Kind] = KindName(x.Group.Kind), [Platform] = PlatformName(x.Group.Platform), [UnitCode] = x.UnitCode,
                [Operator] = o.Name, [Phone] = o.Phone, [Login] = o.Login, [Members] = x.Group.MemberCount,
            }));
}
