namespace NetInfoSuite.Modules.Compliance.Websites;

/// <summary>The website list as a workbook: the page's columns and the last check in words, in Chinese.</summary>
internal static class WebsiteSheet
{
    private static readonly NetInfoSuite.Ui.SheetLayout Layout = new(("网站名称", ""), ("网址", ""), ("ICP 备案号", ""), ("等保级别", ""), ("主办单位", ""),
        ("定期检测", ""), ("最近检测时间", ""), ("检测结果", ""), ("首页最近变化", ""));

    public static IEnumerable<IDictionary<string, object?>> Rows(IReadOnlyList<WebsiteRow> sites, IOfficeClock clock) =>
        Layout.Rows(sites.Select(w => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["网站名称"] = w.Name, ["网址"] = w.Address, ["ICP 备案号"] = w.IcpNumber, ["等保级别"] = WebsiteText.Level(w.ProtectionLevel),
            ["主办单位"] = w.OwnerName, ["定期检测"] = w.Active ? "是" : "否", ["最近检测时间"] = w.LastCheck is { } c ? clock.Show(c.At) : "",
            ["检测结果"] = WebsiteText.Result(w.LastCheck), ["首页最近变化"] = w.LastCheck?.PageChangedAt is { } changed ? clock.Show(changed) : "",
        }).ToList());
}
