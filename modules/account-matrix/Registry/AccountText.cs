using static NetInfoSuite.Ui.Text;

namespace NetInfoSuite.Modules.AccountMatrix.Registry;

/// <summary>The console's names for an account's lifecycle.</summary>
internal static class AccountText
{
    public static string Status(AccountStatus status)
    {
        var (zh, en) = StatusNames(status);
        return T(zh, en);
    }

    /// <summary>A status in both languages, for refusals (which carry both).</summary>
    public static (string Zh, string En) StatusNames(AccountStatus status) => status switch
    {
        AccountStatus.Applied => ("已申请", "Applied"), AccountStatus.Filed => ("已备案", "Filed"),
        AccountStatus.Active => ("运营中", "Active"), AccountStatus.Suspended => ("已暂停", "Suspended"),
        AccountStatus.Merged => ("已合并", "Merged"), _ => ("已关闭", "Closed"),
    };
}
