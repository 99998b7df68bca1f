using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Peeps.Diagnosis;
using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Reports;
using Peeps.Ingest;
using Peeps.Storage.Reading;
using Peeps.Web.History;

namespace Peeps.Web.Api;

/// <summary>
/// The graph as it was at a past instant, rebuilt from stored history (<see cref="GraphHistory"/>), and the same
/// diagnosis the stored snapshots get, run on it; plus the timeline the console's slider moves over.
/// </summary>
public static class GraphEndpoints
{
    private const int TimelineItems = 500;

    public sealed record TimelineView(
        long NowNs,
        long? OldestBatchNs,
        long? NewestBatchNs,
        long? OldestCheckpointNs,
        IReadOnlyList<TimelineMark> Snapshots,
        IReadOnlyList<TimelineMark> Cuts,
        IReadOnlyList<ConnectionSpan> Connections);

    public sealed record TimelineMark(string Id, long AtNs);

    public sealed record ConnectionSpan(long ConnId, string ProcessName, long Pid, long ConnectedAtNs, long? DisconnectedAtNs);

    public static IEndpointRouteBuilder MapGraph(this IEndpointRouteBuilder routes)
    {
        var graph = routes.MapGroup("/api/graph");
        graph.MapGet("/", Read).WithName("GetGraphAt").WithSummary("The graph as it was at a past instant, rebuilt from stored history");
        graph.MapGet("/diagnosis", Diagnose).WithName("DiagnoseGraphAt").WithSummary("Deadlocks, wait chains and warnings of the graph at a past instant");
        graph.MapGet("/wait-chain", WaitChain).WithName("GetWaitChainAt").WithSummary("What one entity waited on at a past instant, to its root blockers");
        graph.MapGet("/timeline", Timeline).WithName("GetTimeline").WithSummary("The retained history's span, with snapshots and cuts marked");
        return routes;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Read(
        long? at, string? process, IGraphAtSource history, CancellationToken cancellation)
    {
        if (InstantCheck.Problem(at, UnixTime.NowNs()) is { } problem) return Problems.BadRequest(problem);
        return await history.RebuildAsync(at!.Value, process, cancellation) switch
        {
            GraphHistory.Rebuilt rebuilt => TypedResults.Bytes(rebuilt.Json, "application/json"),
            var other => Refusal(other),
        };
    }

    private static async Task<Results<Ok<DiagnosisReport>, ProblemHttpResult>> Diagnose(
        long? at, string? process, IGraphAtSource history, DiagnosisSettings settings, CancellationToken cancellation)
    {
        if (InstantCheck.Problem(at, UnixTime.NowNs()) is { } problem) return Problems.BadRequest(problem);
        return await history.RebuildAsync(at!.Value, process, cancellation) switch
        {
            GraphHistory.Rebuilt rebuilt => TypedResults.Ok(Diagnoser.Diagnose(GraphHistory.Parse(rebuilt.Json), settings)),
            var other => Refusal(other),
        };
    }

    private static async Task<Results<Ok<WaitChainReport>, ProblemHttpResult>> WaitChain(
        long? at, [FromQuery(Name = "conn_id")] long? connId, [FromQuery(Name = "entity_id")] string? entityId,
        IGraphAtSource history, DiagnosisSettings settings, CancellationToken cancellation)
    {
        if (InstantCheck.Problem(at, UnixTime.NowNs()) is { } problem) return Problems.BadRequest(problem);
        if (connId is null || string.IsNullOrEmpty(entityId)) return Problems.BadRequest("conn_id and entity_id are required");
        // The whole graph, not just the entity's process: a chain follows waits into other processes.
        var outcome = await history.RebuildAsync(at!.Value, null, cancellation);
        if (outcome is not GraphHistory.Rebuilt rebuilt) return Refusal(outcome);
        var chain = Diagnoser.WaitChainFrom(WaitGraphBuilder.Build(GraphHistory.Parse(rebuilt.Json)), connId.Value, entityId, settings);
        return chain is null
            ? Problems.NotFound($"the graph at {at} has no entity '{entityId}' of connection {connId}")
            : TypedResults.Ok(chain);
    }

    private static async Task<Results<Ok<TimelineView>, ProblemHttpResult>> Timeline(ISqlQueryExecutor sql, CancellationToken cancellation) =>
        await OwnReads.Guarded<Ok<TimelineView>>(async () =>
        {
            // Batch ids follow arrival, so the first and last rows by id are the oldest and newest without a scan.
            var oldest = await sql.ExecuteOwnAsync("SELECT received_at_ns FROM delta_batches ORDER BY id LIMIT 1", cancellation);
            var newest = await sql.ExecuteOwnAsync("SELECT received_at_ns FROM delta_batches ORDER BY id DESC LIMIT 1", cancellation);
            var checkpoint = await sql.ExecuteOwnAsync("SELECT min(at_ns) FROM stream_checkpoints", cancellation);
            var snapshots = await sql.ExecuteOwnAsync(
                $"SELECT snapshot_id, completed_at_ns FROM snapshots ORDER BY snapshot_id DESC LIMIT {TimelineItems}", cancellation);
            var cuts = await sql.ExecuteOwnAsync(
                $"SELECT cut_id, requested_at_ns FROM cuts ORDER BY requested_at_ns DESC LIMIT {TimelineItems}", cancellation);
            var connections = await sql.ExecuteOwnAsync(
                $"SELECT conn_id, process_name, pid, connected_at_ns, disconnected_at_ns FROM connections ORDER BY conn_id DESC LIMIT {TimelineItems}", cancellation);
            return TypedResults.Ok(new TimelineView(
                UnixTime.NowNs(),
                First(oldest),
                First(newest),
                First(checkpoint),
                [.. snapshots.Rows.Select(r => new TimelineMark(((long)r[0]!).ToString(), (long)r[1]!)).Reverse()],
                [.. cuts.Rows.Select(r => new TimelineMark((string)r[0]!, (long)r[1]!)).Reverse()],
                [.. connections.Rows.Select(r => new ConnectionSpan((long)r[0]!, (string)r[1]!, (long)r[2]!, (long)r[3]!, r[4] as long?)).Reverse()]));
        });

    private static long? First(QueryResult result) => result.Rows is [[long value, ..]] ? value : null;

    private static ProblemHttpResult Refusal(GraphHistory.Outcome outcome) => outcome switch
    {
        GraphHistory.Busy busy => Problems.Unavailable(busy.Reason),
        GraphHistory.Refused refused => Problems.Create(StatusCodes.Status422UnprocessableEntity, refused.Reason,
            "Graph rebuild refused", "urn:peeps:problem:graph-rebuild-bound"),
        _ => throw new InvalidOperationException($"unexpected rebuild outcome {outcome.GetType().Name}"),
    };
}
