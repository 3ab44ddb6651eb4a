using static NetInfoSuite.Ui.Text;

namespace NetInfoSuite.Modules.AccountMatrix.Registry;

/// <summary>The console's names for an account's lifecycle.</summary>
internal static class AccountText
{
    public static string Status(AccountStatus status) => status switch
    {
        AccountStatus.Applied => T("已申请", "Applied"), AccountStatus.Filed => T("已备案", "Filed"),
        AccountStatus.Active => T("运营中", "Active"), AccountStatus.Suspended => T("已暂停", "Suspended"),
        AccountStatus.Merged => T("已合并", "Merged"), _ => T("已关闭", "Closed"),
    };
}
