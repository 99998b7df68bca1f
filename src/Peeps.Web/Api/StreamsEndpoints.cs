using Peeps.Ingest.Inspection;
using Peeps.Storage.Retention;

namespace Peeps.Web.Api;

/// <summary><c>GET /api/streams</c>: the live ingest graph with its rates, fills and backpressure (docs/tuning.md).</summary>
public static class StreamsEndpoints
{
    public static IEndpointRouteBuilder MapStreams(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/streams").MapGet("/", async (StreamGraphRegistry graph, RunningGraphs running, RetentionStatus retention, ApiSettings timeouts, CancellationToken cancellation) =>
            TypedResults.Ok(graph.Snapshot() with
            {
                RunningGraphs = await running.CountAsync(timeouts.Actor, cancellation),
                Storage = retention.Footprint(),
            }))
            .WithName("GetStreamGraph").WithSummary("The live ingest stream graph: stages, buffers, rates, backpressure, the writer, the store on disk");
        return routes;
    }
}
