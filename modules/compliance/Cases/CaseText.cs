namespace NetInfoSuite.Modules.Compliance.Cases;

/// <summary>Names of a case's kinds, sources, severities and states as the office says them.</summary>
internal static class CaseText
{
    public static string Kind(CaseSubjectKind kind) => kind switch
    {
        CaseSubjectKind.Website => Ui.Text.T("网站", "Website"),
        CaseSubjectKind.Account => Ui.Text.T("新媒体账号", "Account"),
        CaseSubjectKind.App => Ui.Text.T("客户端", "App"),
        CaseSubjectKind.Unit => Ui.Text.T("单位", "Unit"),
        _ => "",
    };

    public static string Source(CaseSource source) => source switch
    {
        CaseSource.Patrol => Ui.Text.T("巡查发现", "Patrol"),
        CaseSource.PublicReport => Ui.Text.T("群众举报", "Public report"),
        CaseSource.AutomaticScan => Ui.Text.T("自动检测", "Automatic scan"),
        CaseSource.Inspection => Ui.Text.T("检查考评", "Inspection"),
        CaseSource.OtherModule => Ui.Text.T("其他模块", "Another module"),
        _ => "",
    };

    public static string Severity(CaseSeverity severity) => severity switch
    {
        CaseSeverity.Minor => Ui.Text.T("一般", "Minor"),
        CaseSeverity.Moderate => Ui.Text.T("较重", "Moderate"),
        CaseSeverity.Serious => Ui.Text.T("严重", "Serious"),
        CaseSeverity.Critical => Ui.Text.T("特别严重", "Critical"),
        _ => "",
    };

    public static string Status(CaseStatus status) => status switch
    {
        CaseStatus.Open => Ui.Text.T("待处理", "Open"),
        CaseStatus.UnderRectification => Ui.Text.T("整改中", "Under rectification"),
        CaseStatus.Closed => Ui.Text.T("已办结", "Closed"),
        CaseStatus.Dismissed => Ui.Text.T("不予处理", "Dismissed"),
        _ => "",
    };
}
