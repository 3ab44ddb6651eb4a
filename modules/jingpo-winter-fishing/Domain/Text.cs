using System.Globalization;

namespace NetInfoSuite.Modules.JingpoWinterFishing.Domain;

internal static class Text
{
    /// <summary>Validators run once per language: pick the message for the current one.</summary>
    public static string T(string zhCn, string en) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? en : zhCn;
}
