namespace NetInfoSuite.Modules.Compliance.Campaigns;

/// <summary>A campaign's report and the campaign list as workbooks, in Chinese.</summary>
internal static class CampaignSheet
{
    private static readonly NetInfoSuite.Ui.SheetLayout Report = new(("县（市）区", ""), ("对象单位", ""), ("检查结果", ""), ("达标要点", ""),
        ("未达标要点", ""), ("案件", ""), ("未办结案件", ""), ("整改通知书", ""), ("已办结通知书", ""), ("逾期通知书", ""), ("说明", ""));

    private static readonly NetInfoSuite.Ui.SheetLayout List = new(("名称", ""), ("开始日期", ""), ("结束日期", ""), ("对象单位", ""), ("案件", ""),
        ("整改通知书", ""), ("组织单位", ""));

    public static string Result(TargetResult result) => result switch
    {
        TargetResult.Pending => Ui.Text.T("待检查", "Not checked"),
        TargetResult.Compliant => Ui.Text.T("合格", "Compliant"),
        TargetResult.Rectifying => Ui.Text.T("整改中", "Under rectification"),
        TargetResult.NonCompliant => Ui.Text.T("不合格", "Non-compliant"),
        _ => "",
    };

    /// <summary>One row per target, then one total row per county (对象单位 「合计」).</summary>
    public static IEnumerable<IDictionary<string, object?>> Rows(CampaignView campaign)
    {
        var rows = campaign.Targets.Select(t => Row(t.County, t.Name, Result(t.Result), t.Met, t.NotMet, t.Cases, t.OpenCases, t.Notices, t.ClosedNotices,
            t.OverdueNotices, t.Note)).ToList();
        rows.AddRange(campaign.Counties.Select(c => Row(c.County, "合计", $"已检查 {c.Checked}/{c.Targets}，合格 {c.Compliant}，不合格 {c.NonCompliant}",
            null, null, c.Cases, null, c.Notices, c.ClosedNotices, c.OverdueNotices, $"发现问题的单位 {c.TargetsWithFindings} 个")));
        return Report.Rows(rows);
    }

    private static IDictionary<string, object?> Row(string county, string target, string result, int? met, int? notMet, int cases, int? openCases,
        int notices, int closed, int overdue, string note) => new Dictionary<string, object?>
    {
        ["县（市）区"] = county, ["对象单位"] = target, ["检查结果"] = result, ["达标要点"] = met, ["未达标要点"] = notMet, ["案件"] = cases,
        ["未办结案件"] = openCases, ["整改通知书"] = notices, ["已办结通知书"] = closed, ["逾期通知书"] = overdue, ["说明"] = note,
    };

    public static IEnumerable<IDictionary<string, object?>> ListRows(IReadOnlyList<CampaignRow> campaigns) =>
        List.Rows(campaigns.Select(c => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["名称"] = c.Title, ["开始日期"] = c.From.ToString("yyyy-MM-dd"), ["结束日期"] = c.To.ToString("yyyy-MM-dd"), ["对象单位"] = c.Targets,
            ["案件"] = c.Cases, ["整改通知书"] = c.Notices, ["组织单位"] = c.OrganizerName,
        }).ToList());

    /// <summary>A title usable in a file name.</summary>
    public static string FileSafe(string title) => string.Concat(title.Where(ch => !Path.GetInvalidFileNameChars().Contains(ch) && ch is not ('"' or '\\' or '/' or ':' or '*' or '?' or '<' or '>' or '|'))) is { Length: > 0 } t ? t[..Math.Min(t.Length, 60)] : "report";
}
