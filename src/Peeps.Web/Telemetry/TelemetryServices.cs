using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Peeps.Ingest.Metrics;
using Peeps.Ingest.Tracing;

namespace Peeps.Web.Telemetry;

/// <summary>
/// OpenTelemetry over OTLP when an endpoint is configured: the <c>Peeps.Streams</c> meter and spans, ASP.NET Core's
/// HTTP server metrics and request spans, and the runtime's metrics (GC, thread pool, allocations). Nothing is
/// registered otherwise, so no listener makes the service's spans exist.
/// </summary>
public static class TelemetryServices
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The endpoint in force: the setting, else the standard variable (read through configuration, like every other).</summary>
    public static string? EndpointOf(TelemetrySettings settings, IConfiguration configuration)
    {
        var endpoint = string.IsNullOrWhiteSpace(settings.OtlpEndpoint) ? configuration[EndpointVariable] : settings.OtlpEndpoint;
        return string.IsNullOrWhiteSpace(endpoint) ? null : endpoint;
    }

    public static IServiceCollection AddPeepsTelemetry(this IServiceCollection services, TelemetrySettings settings, IConfiguration configuration)
    {
        services.AddSingleton(settings);
        if (EndpointOf(settings, configuration) is not { } endpoint) return services;
        var protocol = ProtocolOf(settings.OtlpProtocol);
        var timeout = (int)settings.ExportTimeout.TotalMilliseconds;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName, serviceVersion: BuildInfo.Current.Version))
            .WithTracing(tracing => tracing
                .AddSource(PeepsTracing.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(otlp =>
                {
                    Configure(otlp, endpoint, protocol, "v1/traces", timeout);
                    otlp.BatchExportProcessorOptions.MaxQueueSize = settings.MaxQueuedSpans;
                    otlp.BatchExportProcessorOptions.MaxExportBatchSize = settings.MaxSpansPerExport;
                }))
            .WithMetrics(metrics => metrics
                .AddMeter(PeepsMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter((otlp, reader) =>
                {
                    Configure(otlp, endpoint, protocol, "v1/metrics", timeout);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.MetricExportInterval.TotalMilliseconds;
                    reader.PeriodicExportingMetricReaderOptions.ExportTimeoutMilliseconds = timeout;
                }));
        return services;
    }

    public static OtlpExportProtocol ProtocolOf(string protocol) => protocol switch
    {
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new ArgumentException($"unknown OTLP protocol '{protocol}'", nameof(protocol)),
    };

    /// <summary>Over HTTP each signal has its own path under the base endpoint, as the standard variable means it.</summary>
    private static void Configure(OtlpExporterOptions otlp, string endpoint, OtlpExportProtocol protocol, string signalPath, int timeoutMs)
    {
        otlp.Protocol = protocol;
        otlp.TimeoutMilliseconds = timeoutMs;
        otlp.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.TrimEnd('/') + "/" + signalPath)
            : new Uri(endpoint);
    }
}
