using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.Ui;

/// <summary>Console text in Simplified Chinese (the default) or English, by the request's culture. The two
/// stand side by side in the markup, so a reviewer reads both at once (docs/adr/0006).</summary>
public static class Text
{
    public static string T(string zhCn, string en) => new LocalizedText(zhCn, en).Current;
}
