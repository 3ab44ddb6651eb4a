namespace NetInfoSuite.Modules.Compliance.Rules;

/// <summary>The rules list as a workbook: the page's columns, in Chinese.</summary>
internal static class RuleSheet
{
    private static readonly NetInfoSuite.Ui.SheetLayout Layout = new(("文号", ""), ("标题", ""), ("印发机关", ""), ("印发日期", ""), ("状态", ""),
        ("维护单位", ""), ("标题命中", ""));

    public static IEnumerable<IDictionary<string, object?>> Rows(IReadOnlyList<RuleHit> rules) =>
        Layout.Rows(rules.Select(r => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["文号"] = r.DocumentNumber, ["标题"] = r.Title, ["印发机关"] = r.IssuingBody, ["印发日期"] = r.IssuedOn?.ToString("yyyy-MM-dd"),
            ["状态"] = RuleText.Status(r.Status), ["维护单位"] = r.KeeperName, ["标题命中"] = r.TitleHit ? "是" : "",
        }).ToList());
}
