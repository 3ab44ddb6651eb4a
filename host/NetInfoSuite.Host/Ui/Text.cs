using System.Globalization;

namespace NetInfoSuite.Host.Ui;

/// <summary>Console text in Simplified Chinese (the default) or English, by the request's culture.</summary>
public static class Text
{
    public static string T(string zhCn, string en) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? en : zhCn;
}
