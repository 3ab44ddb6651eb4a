using System.Globalization;

namespace NetInfoSuite.Contracts.Modularity;

/// <summary>Text a user sees, in Simplified Chinese (the default) and English.</summary>
public sealed record LocalizedText(string ZhCn, string En)
{
    public string For(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" ? En : ZhCn;

    public string Current => For(CultureInfo.CurrentUICulture);

    public override string ToString() => Current;
}
