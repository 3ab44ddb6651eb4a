using static NetInfoSuite.Ui.Text;

namespace NetInfoSuite.Modules.GridDispatch.Directives;

/// <summary>The directive vocabulary as the console shows it.</summary>
internal static class DirectiveText
{
    public static string Urgency(Urgency u) => u switch
    {
        Contracts.GridDispatch.Urgency.Emergency => T("特急", "Emergency"),
        Contracts.GridDispatch.Urgency.Urgent => T("紧急", "Urgent"),
        _ => T("一般", "Routine"),
    };

    public static string Status(DirectiveStatus s) => StatusText(s).Current;

    /// <summary>Both languages, for a refusal that names the status.</summary>
    public static LocalizedText StatusText(DirectiveStatus s) => s switch
    {
        DirectiveStatus.Draft => new("草稿", "Draft"),
        DirectiveStatus.Approved => new("已审批", "Approved"),
        _ => new("已下发", "Issued"),
    };

    public static string Category(DirectiveCategory c) => c switch
    {
        DirectiveCategory.Policy => T("惠民政策", "Policy"),
        DirectiveCategory.AntiFraud => T("反诈提醒", "Anti-fraud"),
        DirectiveCategory.ExtremeWeather => T("极端天气", "Extreme weather"),
        DirectiveCategory.Emergency => T("突发事件", "Emergency"),
        _ => T("一般", "General"),
    };
}
