namespace NetInfoSuite.Modules.Compliance.Notices;

/// <summary>Names and dates of notices as the office writes them.</summary>
internal static class NoticeText
{
    public static string Status(NoticeStatus status) => status switch
    {
        NoticeStatus.Issued => Ui.Text.T("已下发", "Issued"),
        NoticeStatus.Acknowledged => Ui.Text.T("已签收", "Signed for"),
        NoticeStatus.ReportSubmitted => Ui.Text.T("已报告待核查", "Reported, to verify"),
        NoticeStatus.Verified => Ui.Text.T("已办结", "Closed"),
        NoticeStatus.Returned => Ui.Text.T("退回再整改", "Returned"),
        _ => "",
    };

    public static string Step(NoticeStatus status) => status switch
    {
        NoticeStatus.Issued => Ui.Text.T("下发", "Issued"),
        NoticeStatus.Acknowledged => Ui.Text.T("签收", "Signed for"),
        NoticeStatus.ReportSubmitted => Ui.Text.T("提交整改报告", "Report submitted"),
        NoticeStatus.Verified => Ui.Text.T("核查通过，办结", "Verified and closed"),
        NoticeStatus.Returned => Ui.Text.T("退回再整改", "Returned for more work"),
        _ => "",
    };

    private const string Digits = "〇一二三四五六七八九";

    /// <summary>A date as official documents write it: 二〇二六年十一月三十日 (the year digit by digit, month and day
    /// as numbers: 十, 十一, 二十, 三十一).</summary>
    public static string ChineseDate(DateOnly day) =>
        $"{string.Concat(day.Year.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => Digits[d - '0']))}年{Number(day.Month)}月{Number(day.Day)}日";

    private static string Number(int n) => n switch
    {
        < 10 => Digits[n].ToString(),
        10 => "十",
        < 20 => "十" + Digits[n % 10],
        _ => Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10].ToString()),
    };
}
