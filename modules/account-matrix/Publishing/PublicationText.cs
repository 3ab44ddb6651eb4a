using static NetInfoSuite.Ui.Text;

namespace NetInfoSuite.Modules.AccountMatrix.Publishing;

/// <summary>The console's names for review-before-publish.</summary>
internal static class PublicationText
{
    public static string Status(TargetStatus status)
    {
        var (zh, en) = StatusNames(status);
        return T(zh, en);
    }

    /// <summary>A status in both languages, for refusals (which carry both).</summary>
    public static (string Zh, string En) StatusNames(TargetStatus status) => status switch
    {
        TargetStatus.Draft => ("草稿", "Draft"), TargetStatus.InReview => ("待审核", "In review"), TargetStatus.Approved => ("审核通过", "Approved"),
        TargetStatus.Rejected => ("未通过", "Rejected"), TargetStatus.Scheduled => ("定时发布", "Scheduled"), TargetStatus.Published => ("已发布", "Published"),
        TargetStatus.AwaitingManual => ("待人工发布", "Awaiting manual publishing"), _ => ("发布失败", "Failed"),
    };

    public static string Check(ReviewCheck check) => check switch
    {
        ReviewCheck.Political => T("政治", "Political"), ReviewCheck.Legal => T("法律", "Legal"), ReviewCheck.Policy => T("政策", "Policy"),
        ReviewCheck.Secrecy => T("保密", "Secrecy"), ReviewCheck.Wording => T("文字", "Wording"), ReviewCheck.Source => T("稿源", "Source"),
        _ => T("安全", "Security"),
    };
}
