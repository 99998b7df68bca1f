using Peeps.Ingest.Metrics;

namespace Peeps.Web.Cluster;

/// <summary>
/// What stays per node in cluster mode: every response names the node that produced it (<c>Peeps-Node</c>), which is
/// what <c>/api/streams</c> needs, and <c>/metrics</c> adds a <c>peeps_cluster_node_info</c> series naming it for scrapers.
/// </summary>
public static class ClusterNodeEndpoints
{
    public const string Header = "Peeps-Node";

    public static IApplicationBuilder UseClusterNodeHeader(this IApplicationBuilder app, ClusterSettings settings) =>
        app.Use((context, next) =>
        {
            context.Response.Headers[Header] = settings.NodeName;
            return next(context);
        });

    public static IEndpointRouteBuilder MapClusterMetricsScrape(this IEndpointRouteBuilder routes, ClusterSettings settings)
    {
        var info = $"# HELP peeps_cluster_node_info The cluster node these series come from.\n# TYPE peeps_cluster_node_info gauge\npeeps_cluster_node_info{{node=\"{settings.NodeName}\",node_number=\"{settings.NodeNumber}\"}} 1\n";
        routes.MapGet("/metrics", (PrometheusExporter exporter) => TypedResults.Text(exporter.Scrape() + info, PrometheusExporter.ContentType));
        return routes;
    }
}
