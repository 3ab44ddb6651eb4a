using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.Host.Ui;

/// <summary>Console text in Simplified Chinese (the default) or English, by the request's culture.</summary>
public static class Text
{
    public static string T(string zhCn, string en) => new LocalizedText(zhCn, en).Current;
}
