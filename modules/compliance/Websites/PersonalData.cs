using System.Text.RegularExpressions;

namespace NetInfoSuite.Modules.Compliance.Websites;

/// <summary>Personal data a government home page must not show: resident ID numbers (GB 11643: 18 characters whose last is
/// the check character of the other 17, and a real date of birth) and mainland mobile numbers. Only masked forms are kept,
/// so a check record never holds the data it warns about.</summary>
internal static partial class PersonalData
{
    public const int Kept = 10;

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>The masked ID and mobile numbers in a page's text (tags, scripts and styles removed), at most <see cref="Kept"/>.</summary>
    public static IReadOnlyList<string> Find(string html)
    {
        var text = TextOf(html);
        var found = new List<string>();
        foreach (Match m in IdNumber().Matches(text))
            if (IsResidentId(m.Value)) found.Add($"{m.Value[..6]}********{m.Value[14..]}");
        foreach (Match m in Mobile().Matches(text)) found.Add($"{m.Value[..3]}****{m.Value[7..]}");
        return found.Distinct().Take(Kept).ToList();
    }

    /// <summary>What a page shows: its markup, scripts and styles removed, entities decoded.</summary>
    public static string TextOf(string html) => System.Net.WebUtility.HtmlDecode(Markup().Replace(html, " "));

    /// <summary>A resident ID number: 17 digits with a date of birth in them, and the check character they give.</summary>
    public static bool IsResidentId(string value)
    {
        if (value.Length != 18 || !value[..17].All(char.IsAsciiDigit)) return false;
        if (!DateOnly.TryParseExact(value[6..14], "yyyyMMdd", out var born) || born.Year < 1900) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (value[i] - '0') * Weights[i];
        return char.ToUpperInvariant(value[17]) == CheckCharacters[sum % 11];
    }

    [GeneratedRegex(@"<script[\s\S]*?</script>|<style[\s\S]*?</style>|<[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();

    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")]
    private static partial Regex Mobile();
}
