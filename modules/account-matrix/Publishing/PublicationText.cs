using static NetInfoSuite.Ui.Text;

namespace NetInfoSuite.Modules.AccountMatrix.Publishing;

/// <summary>The console's names for review-before-publish.</summary>
internal static class PublicationText
{
    public static string Status(TargetStatus status) => status switch
    {
        TargetStatus.Draft => T("草稿", "Draft"), TargetStatus.InReview => T("待审核", "In review"), TargetStatus.Approved => T("审核通过", "Approved"),
        TargetStatus.Rejected => T("未通过", "Rejected"), TargetStatus.Scheduled => T("定时发布", "Scheduled"), TargetStatus.Published => T("已发布", "Published"),
        _ => T("发布失败", "Failed"),
    };

    public static string Check(ReviewCheck check) => check switch
    {
        ReviewCheck.Political => T("政治", "Political"), ReviewCheck.Legal => T("法律", "Legal"), ReviewCheck.Policy => T("政策", "Policy"),
        ReviewCheck.Secrecy => T("保密", "Secrecy"), ReviewCheck.Wording => T("文字", "Wording"), ReviewCheck.Source => T("稿源", "Source"),
        _ => T("安全", "Security"),
    };
}
