using Peeps.Ingest.Metrics;

namespace Peeps.Web.Api;

/// <summary><c>GET /metrics</c>: the <c>Peeps.Streams</c> meter in Prometheus text format, for scrapers.</summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsScrape(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/metrics", (PrometheusExporter exporter) => TypedResults.Text(exporter.Scrape(), PrometheusExporter.ContentType))
            .WithName("Metrics").WithSummary("The server's meters in Prometheus text format");
        return routes;
    }
}
