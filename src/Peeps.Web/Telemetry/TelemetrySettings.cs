namespace Peeps.Web.Telemetry;

/// <summary>
/// OpenTelemetry export (traces and metrics over OTLP). Off unless an endpoint is given here or in the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable: a server nobody collects from pays nothing for it.
/// </summary>
public sealed record TelemetrySettings
{
    /// <summary>The collector, e.g. <c>http://otel-collector:4317</c>; when empty, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is used.</summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary><c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (4318; the signal's path is appended).</summary>
    public string OtlpProtocol { get; init; } = "grpc";

    public string ServiceName { get; init; } = "peeps-web";

    /// <summary>How often metrics are pushed.</summary>
    public TimeSpan MetricExportInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one export may take before it is abandoned (a collector that hangs cannot hold the exporter).</summary>
    public TimeSpan ExportTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Finished spans held for export; past it new spans are dropped rather than memory growing while a collector is away.</summary>
    public int MaxQueuedSpans { get; init; } = 2048;

    /// <summary>Spans sent in one export.</summary>
    public int MaxSpansPerExport { get; init; } = 512;
}
