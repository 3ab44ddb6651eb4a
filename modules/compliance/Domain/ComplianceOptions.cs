using Microsoft.Extensions.Configuration;

namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>The module's settings. <c>Compliance:NoticeNumbers:&lt;tenant&gt;</c> is a tenant's notice number pattern
/// (<c>city</c> for the city office, a county code for a county): <c>{year}</c> and <c>{n}</c> are filled in,
/// <c>{abbr}</c> is the issuing office's short name. Without one, <see cref="DefaultPattern"/> applies:
/// 牡网信整字〔2026〕第1号 for 牡丹江市, 宁安网信整字〔2026〕第1号 for 宁安市.</summary>
internal sealed record ComplianceOptions(IReadOnlyDictionary<string, string> NoticePatterns)
{
    public const string DefaultPattern = "{abbr}网信整字〔{year}〕第{n}号";

    public static ComplianceOptions From(IConfiguration configuration)
    {
        var patterns = configuration.GetSection("Compliance:NoticeNumbers").GetChildren()
            .Where(s => !string.IsNullOrWhiteSpace(s.Value)).ToDictionary(s => s.Key, s => s.Value!.Trim());
        foreach (var (tenant, pattern) in patterns)
            if (!pattern.Contains("{n}", StringComparison.Ordinal))
                throw new InvalidOperationException($"Compliance:NoticeNumbers:{tenant} '{pattern}' has no {{n}}: its notices would share one number.");
        return new ComplianceOptions(patterns);
    }

    /// <summary>The number of the <paramref name="n"/>th notice of a year by the tenant whose office is <paramref name="office"/>.</summary>
    public string Number(string tenant, string office, bool isCity, int year, int n) =>
        NoticePatterns.GetValueOrDefault(tenant, DefaultPattern)
            .Replace("{abbr}", Abbreviation(office, isCity), StringComparison.Ordinal)
            .Replace("{year}", year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{n}", n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    // The city's documents carry its first character (牡), a county's its name without 市/县/区 (宁安).
    private static string Abbreviation(string office, bool isCity) =>
        isCity ? office[..Math.Min(1, office.Length)]
        : office.Length > 2 && "市县区旗".Contains(office[^1]) ? office[..^1] : office;
}
