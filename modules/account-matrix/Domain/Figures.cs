using System.Globalization;

namespace NetInfoSuite.Modules.AccountMatrix.Domain;

/// <summary>Scores keep full precision in the API and in ranks; pages and workbooks show two decimals
/// (docs/adr/0011), all through here so they never disagree.</summary>
internal static class Figures
{
    /// <summary>A score for a workbook cell or a chart: a number rounded to two decimals.</summary>
    public static double Two(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>A score as a page shows it: always two decimals ("12.50").</summary>
    public static string Show(double value) => Two(value).ToString("0.00", CultureInfo.InvariantCulture);

    public static string? Show(double? value) => value is { } v ? Show(v) : null;
}
