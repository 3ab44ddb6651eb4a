namespace NetInfoSuite.Modules.Compliance.Websites;

/// <summary>What a check found, as the office says it.</summary>
internal static class WebsiteText
{
    public static string Problem(WebsiteProblem problem) => problem switch
    {
        WebsiteProblem.Unreachable => Ui.Text.T("无法访问", "Unreachable"),
        WebsiteProblem.ServerError => Ui.Text.T("服务器错误", "Server error"),
        WebsiteProblem.NoHttps => Ui.Text.T("未启用 HTTPS", "Not served over HTTPS"),
        WebsiteProblem.CertificateInvalid => Ui.Text.T("证书无效", "Invalid certificate"),
        WebsiteProblem.CertificateExpiring => Ui.Text.T("证书即将到期", "Certificate about to expire"),
        WebsiteProblem.IcpMissing => Ui.Text.T("首页未展示 ICP 备案号", "ICP number not shown on the home page"),
        WebsiteProblem.AddressRefused => Ui.Text.T("网址指向内部网络，未检测", "The address points into a private network: not checked"),
        WebsiteProblem.CertificateExpired => Ui.Text.T("证书已过期", "Certificate expired"),
        WebsiteProblem.NotUpdated => Ui.Text.T($"首页超过 {Website.StaleAfterDays} 天未更新", $"Home page not updated for {Website.StaleAfterDays} days"),
        WebsiteProblem.PersonalData => Ui.Text.T("首页暴露个人信息（身份证号或手机号）", "Personal data on the home page (resident ID or mobile numbers)"),
        _ => "",
    };

    public static string Result(WebsiteCheck? check) =>
        check is null ? Ui.Text.T("尚未检测", "Not checked yet")
        : check.Failed ? string.Join("；", check.Problems.Select(Problem)) : Ui.Text.T("正常", "Passed");

    public static string Level(int level) => level switch
    {
        1 => Ui.Text.T("第一级", "Level 1"), 2 => Ui.Text.T("第二级", "Level 2"), 3 => Ui.Text.T("第三级", "Level 3"),
        4 => Ui.Text.T("第四级", "Level 4"), 5 => Ui.Text.T("第五级", "Level 5"), _ => "—",
    };
}
