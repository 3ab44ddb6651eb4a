using System.Diagnostics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NetInfoSuite.Host.Telemetry;

/// <summary>OpenTelemetry traces and metrics through the OTLP exporter, only when a collector is configured
/// (<c>NetInfo:Telemetry:OtlpEndpoint</c>, or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>): ASP.NET Core, HttpClient,
/// Npgsql and the runtime, and every MediatR request as a span named by its type with the module that handles it.</summary>
internal static class HostTelemetry
{
    /// <summary>The source of the MediatR request spans (tag <c>netinfo.module</c>: the handling module's id, or "host").</summary>
    public static readonly ActivitySource Requests = new("NetInfoSuite.Requests");

    public static void AddHostTelemetry(this IServiceCollection services, IConfiguration config)
    {
        var endpoint = config["NetInfo:Telemetry:OtlpEndpoint"] ?? config["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint)) return; // nothing listens: no spans are even created
        // "grpc" (port 4317, the default) or "http" (http/protobuf, port 4318: /v1/traces and /v1/metrics are added).
        var http = string.Equals(config["NetInfo:Telemetry:Protocol"], "http", StringComparison.OrdinalIgnoreCase);
        void Export(OtlpExporterOptions o, string signal)
        {
            o.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            o.Endpoint = new Uri(http ? endpoint.TrimEnd('/') + signal : endpoint);
        }
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["NetInfo:Telemetry:ServiceName"] ?? "netinfosuite",
                serviceVersion: typeof(HostTelemetry).Assembly.GetName().Version?.ToString(), serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql", Requests.Name)
                .AddOtlpExporter(o => Export(o, "/v1/traces")))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql")
                .AddOtlpExporter((o, reader) =>
                {
                    Export(o, "/v1/metrics");
                    if (int.TryParse(config["NetInfo:Telemetry:MetricsIntervalSeconds"], out var seconds))
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = seconds * 1000;
                }));
    }
}
