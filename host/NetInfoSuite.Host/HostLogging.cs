using Serilog;
using Serilog.Formatting.Compact;

namespace NetInfoSuite.Host;

internal static class HostLogging
{
    /// <summary>One logger for the start-up (plugin loading, embedded database) and the running host.
    /// Not the static Log.Logger: several hosts in one test process must not share or freeze it.</summary>
    public static Serilog.ILogger Create(IConfiguration configuration)
    {
        var config = new LoggerConfiguration()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext();
        return (configuration.GetValue("NetInfo:Logging:Json", false)
                ? config.WriteTo.Console(new CompactJsonFormatter())
                : config.WriteTo.Console(outputTemplate:
                    "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {CorrelationId}{NewLine}{Exception}"))
            .CreateLogger();
    }
}
