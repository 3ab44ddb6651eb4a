namespace NetInfoSuite.Modules.Compliance.Notices;

/// <summary>The notice list as a workbook: the page's columns, in Chinese.</summary>
internal static class NoticeSheet
{
    private static readonly NetInfoSuite.Ui.SheetLayout Layout = new(("文号", ""), ("事项", ""), ("接收单位", ""), ("下发单位", ""), ("下发时间", ""),
        ("整改期限", ""), ("状态", ""), ("是否逾期", ""));

    public static IEnumerable<IDictionary<string, object?>> Rows(IReadOnlyList<NoticeRow> notices, IOfficeClock clock) =>
        Layout.Rows(notices.Select(n => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["文号"] = n.Number, ["事项"] = n.Subject, ["接收单位"] = n.RecipientName, ["下发单位"] = n.IssuerUnitName, ["下发时间"] = clock.Show(n.IssuedAt),
            ["整改期限"] = n.Deadline.ToString("yyyy-MM-dd"), ["状态"] = NoticeText.Status(n.Status), ["是否逾期"] = n.Overdue ? "是" : "否",
        }).ToList());
}
