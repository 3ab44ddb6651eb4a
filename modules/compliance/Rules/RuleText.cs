namespace NetInfoSuite.Modules.Compliance.Rules;

/// <summary>A rule's states as the office names them.</summary>
internal static class RuleText
{
    public static string Status(RuleStatus status) => status switch
    {
        RuleStatus.Draft => Ui.Text.T("草稿", "Draft"),
        RuleStatus.Effective => Ui.Text.T("现行有效", "In force"),
        RuleStatus.Repealed => Ui.Text.T("已废止", "Repealed"),
        RuleStatus.Superseded => Ui.Text.T("已被替代", "Superseded"),
        _ => "",
    };

    public static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd") ?? "—";
}
