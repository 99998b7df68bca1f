using Peeps.Ingest.Inspection;

namespace Peeps.Web.Api;

/// <summary><c>GET /api/streams</c>: the live ingest graph with its rates, fills and backpressure (docs/tuning.md).</summary>
public static class StreamsEndpoints
{
    public static IEndpointRouteBuilder MapStreams(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/streams").MapGet("/", (StreamGraphRegistry graph) => TypedResults.Ok(graph.Snapshot()));
        return routes;
    }
}
