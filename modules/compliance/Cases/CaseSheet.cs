namespace NetInfoSuite.Modules.Compliance.Cases;

/// <summary>The case list as a workbook: the page's columns, in Chinese.</summary>
internal static class CaseSheet
{
    private static readonly NetInfoSuite.Ui.SheetLayout Layout = new(("对象", ""), ("类型", ""), ("所属单位", ""), ("来源", ""), ("严重程度", ""),
        ("状态", ""), ("承办人", ""), ("登记时间", ""));

    public static IEnumerable<IDictionary<string, object?>> Rows(IReadOnlyList<CaseRow> cases, IOfficeClock clock) =>
        Layout.Rows(cases.Select(c => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["对象"] = c.Subject, ["类型"] = CaseText.Kind(c.SubjectKind), ["所属单位"] = c.UnitName, ["来源"] = CaseText.Source(c.Source),
            ["严重程度"] = CaseText.Severity(c.Severity), ["状态"] = CaseText.Status(c.Status), ["承办人"] = c.Owner, ["登记时间"] = clock.Show(c.OpenedAt),
        }).ToList());
}
