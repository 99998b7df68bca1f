using System.Diagnostics.Metrics;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Metrics;
using Peeps.Web.Configuration;

namespace Peeps.Web.Hosting;

/// <summary>The service's meter, its Prometheus exporter, the registry of the live stream graph and Akka's list of its running graphs.</summary>
public static class InspectionServices
{
    public static IServiceCollection AddPeepsInspection(this IServiceCollection services, PeepsOptions options) =>
        services
            // The exporter listens before any instrument records, so the metrics are built on its meter.
            .AddSingleton(provider => new PrometheusExporter(
                provider.GetRequiredService<IMeterFactory>().Create(PeepsMetrics.MeterName), [.. ProcessWideMeters.Names]))
            .AddSingleton(provider => new PeepsMetrics(provider.GetRequiredService<PrometheusExporter>().Meter))
            .AddSingleton(provider => new StreamGraphRegistry(options.Inspection, provider.GetRequiredService<PeepsMetrics>()))
            .AddSingleton<RunningGraphs>();
}
