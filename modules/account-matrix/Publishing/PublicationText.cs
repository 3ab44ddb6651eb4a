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

    public static string Check(ReviewCheck check)
    {
        var (zh, en) = CheckNames(check);
        return T(zh, en);
    }

    /// <summary>A check in both languages, for notices (which carry both).</summary>
    public static (string Zh, string En) CheckNames(ReviewCheck check) => check switch
    {
        ReviewCheck.Political => ("政治", "Political"), ReviewCheck.Legal => ("法律", "Legal"), ReviewCheck.Policy => ("政策", "Policy"),
        ReviewCheck.Secrecy => ("保密", "Secrecy"), ReviewCheck.Wording => ("文字", "Wording"), ReviewCheck.Source => ("稿源", "Source"),
        _ => ("安全", "Security"),
    };
}
