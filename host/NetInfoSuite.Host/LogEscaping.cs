using Serilog.Core;
using Serilog.Events;

namespace NetInfoSuite.Host;

/// <summary>Text values in log events have their control characters written as \uXXXX, so a login holding CR/LF
/// or an ANSI escape cannot forge a log line or recolour the console (issue 14).</summary>
internal sealed class LogEscaping : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
            if (Escaped(value) is { } escaped) logEvent.AddOrUpdateProperty(new LogEventProperty(name, escaped));
    }

    private static LogEventPropertyValue? Escaped(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } when text.Any(char.IsControl) => new ScalarValue(Escape(text)),
        SequenceValue sequence when sequence.Elements.Any(e => Escaped(e) is not null) =>
            new SequenceValue(sequence.Elements.Select(e => Escaped(e) ?? e)),
        _ => null,
    };

    public static string Escape(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
