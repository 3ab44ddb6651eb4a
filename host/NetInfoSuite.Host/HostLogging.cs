using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace NetInfoSuite.Host;

internal static class HostLogging
{
    /// <summary>One logger for the start-up (plugin loading, embedded database) and the running host.
    /// Not the static Log.Logger: several hosts in one test process must not share or freeze it.</summary>
    public static Serilog.ILogger Create(IConfiguration configuration, TextWriter? output = null)
    {
        var config = new LoggerConfiguration()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .Enrich.With<LogEscaping>();
        const string template = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {CorrelationId}{NewLine}{Exception}";
        var json = configuration.GetValue("NetInfo:Logging:Json", false);
        return (output is not null
                ? config.WriteTo.Sink(new WriterSink(json ? new CompactJsonFormatter() : new MessageTemplateTextFormatter(template), output))
                : json ? config.WriteTo.Console(new CompactJsonFormatter()) : config.WriteTo.Console(outputTemplate: template))
            .CreateLogger();
    }

    /// <summary>Writes formatted events to a writer (tests read the log as the console would show it).</summary>
    private sealed class WriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            lock (output) formatter.Format(logEvent, output);
        }
    }
}
