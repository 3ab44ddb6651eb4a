using System.Text.Json;
using System.Text.Json.Serialization;
using NetInfoSuite.Contracts.Errors;

namespace NetInfoSuite.Host.Web;

/// <summary>One rule for every text any endpoint takes, in the JSON body, the query string or the route: no control
/// characters (tab and line breaks aside), and dates within <see cref="EarliestYear"/>–<see cref="LatestYear"/>.
/// PostgreSQL cannot store U+0000, and other control characters forge log lines; dates far out overflow period
/// arithmetic (issue 14: 65 answers of 500). Refused with 400 naming the field, before any module sees them.</summary>
internal static class PlainText
{
    public const int EarliestYear = 1900, LatestYear = 2199;
    internal const string ControlMarker = "netinfo:control-characters";
    internal const string DateMarker = "netinfo:date-out-of-range";

    public static bool HasControl(string text)
    {
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return true;
        return false;
    }

    public static Violation ControlViolation(string field) => new(field,
        "不能包含控制字符", "must not contain control characters");

    public static Violation DateViolation(string field) => new(field,
        $"日期须在 {EarliestYear} 年至 {LatestYear} 年之间", $"must be a date between {EarliestYear} and {LatestYear}");

    private static bool InRange(int year) => year is >= EarliestYear and <= LatestYear;

    /// <param name="offsetTimes">how times with an offset are read and written (the office clock's converter)</param>
    public static void AddPlainTextRules(this JsonSerializerOptions options, JsonConverter<DateTimeOffset>? offsetTimes = null)
    {
        options.Converters.Add(new TextConverter());
        options.Converters.Add(new CheckedDate<DateOnly>(d => d.Year));
        options.Converters.Add(new CheckedDate<DateTime>(d => d.Year));
        options.Converters.Add(new CheckedDate<DateTimeOffset>(d => d.Year, offsetTimes));
    }

    /// <summary>Query string and route values: the same rules as the body.</summary>
    public static void UsePlainTextRules(this WebApplication app) => app.Use((http, next) =>
    {
        foreach (var (key, values) in http.Request.Query)
            foreach (var value in values)
                Check(key, value);
        foreach (var (key, value) in http.Request.RouteValues)
            if (value is string text) Check(key, text);
        return next(http);
    });

    private static void Check(string key, string? value)
    {
        if (value is null) return;
        var field = ProblemMapping.JsonName(key);
        if (HasControl(value) || HasControl(key)) throw new RuleViolationException([ControlViolation(HasControl(field) ? "query" : field)]);
        // An id is not a date, though about one GUID in 10,000 begins with ten characters that parse as one ("8692ad12-1…").
        if (value.Length >= 10 && !Guid.TryParse(value, out _)
            && DateOnly.TryParse(value.AsSpan(0, 10), System.Globalization.CultureInfo.InvariantCulture, out var day) && !InRange(day.Year))
            throw new RuleViolationException([DateViolation(field)]);
    }

    private sealed class TextConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return text is not null && HasControl(text) ? throw new JsonException(ControlMarker) : text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>Reads dates with the inner converter (else as System.Text.Json does), then refuses those outside the
    /// supported years.</summary>
    private sealed class CheckedDate<T>(Func<T, int> year, JsonConverter<T>? inner = null) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = inner is not null ? inner.Read(ref reader, typeToConvert, options)!
                : JsonSerializer.Deserialize<T>(ref reader, JsonSerializerOptions.Default)!;
            return InRange(year(value)) ? value : throw new JsonException(DateMarker);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (inner is not null) inner.Write(writer, value, options);
            else JsonSerializer.Serialize(writer, value, JsonSerializerOptions.Default);
        }
    }
}
