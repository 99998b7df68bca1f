using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Snapshots;
using Peeps.Storage.Reading;
using Peeps.Web.Diagnosis;

namespace Peeps.Web.Api;

public static class SnapshotsEndpoints
{
    private const int DefaultListLimit = 50;
    private const int MaxListLimit = 1000;

    /// <summary>
    /// Body of <c>POST /api/snapshot</c>; <c>{}</c> (or no body) waits the configured default. The contract's body is
    /// <c>{}</c> and upstream ignores it, so a body that is not this JSON, of any content type, is ignored the same way.
    /// </summary>
    public sealed record SnapshotRequestBody(long? TimeoutMs)
    {
        public static async ValueTask<SnapshotRequestBody?> BindAsync(HttpContext context)
        {
            try
            {
                return await JsonRequestBody.ReadAsync<SnapshotRequestBody>(context);
            }
            catch (BadHttpRequestException e) when (e.InnerException is JsonException)
            {
                return null;
            }
        }
    }

    public sealed record SnapshotSummaryView(
        long SnapshotId,
        long RequestedAtNs,
        long CompletedAtNs,
        long TimeoutMs,
        long RequestedConnections,
        long Replied,
        long TimedOut,
        long ResultBytes);

    public sealed record SnapshotListView(IReadOnlyList<SnapshotSummaryView> Snapshots);

    public static IEndpointRouteBuilder MapSnapshots(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/snapshot").MapPost("/", Take).DescribedAsJsonBody<SnapshotRequestBody>()
            .WithName("TakeSnapshot").WithSummary("Ask every connected process for its full state, with a timeout (upstream contract)")
            .RefusedWhenReadOnly("a snapshot asks live runtimes");
        var history = routes.MapGroup("/api/snapshots");
        history.MapGet("/", List).WithName("ListSnapshots").WithSummary("Stored snapshots, newest first, without their documents");
        history.MapGet("/{snapshotId:long}", Read).WithName("GetSnapshot").WithSummary("A stored snapshot's document, as it was answered");
        return routes;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Take(
        SnapshotRequestBody? body,
        SnapshotTaker taker,
        SnapshotSettings settings,
        SnapshotsInFlight inFlight,
        CancellationToken cancellation)
    {
        if (SnapshotTimeout.Resolve(body?.TimeoutMs, settings, out var invalid) is not { } timeout)
            return Problems.BadRequest(invalid!);
        using var slot = inFlight.TryEnter();
        if (slot is null)
            return Problems.Unavailable(
                $"{inFlight.Limit} snapshots are already being taken, the most Peeps:Snapshots:MaxInFlight allows; retry when one has been answered");
        var answer = (await taker.TakeAsync(timeout, cancellation)).Reply;
        return answer switch
        {
            SnapshotTaken taken => TypedResults.Bytes(taken.Json.ToArray(), "application/json"),
            SnapshotFailed failed => Problems.Unavailable($"the snapshot could not be taken: {failed.Reason}"),
            CoordinatorUnavailable down => Problems.Unavailable($"the snapshot could not be taken: {down.Reason}"),
            _ => throw new InvalidOperationException($"the snapshot coordinator answered {answer.GetType().Name}"),
        };
    }

    private static async Task<Results<Ok<SnapshotListView>, ProblemHttpResult>> List(
        int? limit, ISqlQueryExecutor sql, CancellationToken cancellation)
    {
        var rows = limit ?? DefaultListLimit;
        if (rows is < 1 or > MaxListLimit) return Problems.BadRequest($"limit must be between 1 and {MaxListLimit}");
        return await OwnReads.Guarded<Ok<SnapshotListView>>(async () =>
        {
            var result = await sql.ExecuteOwnAsync($"""
                SELECT snapshot_id, requested_at_ns, completed_at_ns, timeout_ms, requested_connections, replied, timed_out, result_bytes
                FROM snapshots ORDER BY snapshot_id DESC LIMIT {rows}
                """, cancellation);
            return TypedResults.Ok(new SnapshotListView([.. result.Rows.Select(r => new SnapshotSummaryView(
                (long)r[0]!, (long)r[1]!, (long)r[2]!, (long)r[3]!, (long)r[4]!, (long)r[5]!, (long)r[6]!, (long)r[7]!))]));
        });
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Read(
        long snapshotId, ISqlQueryExecutor sql, CancellationToken cancellation) =>
        await OwnReads.Guarded<FileContentHttpResult>(async () =>
        {
            var result = await sql.ExecuteOwnAsync($"SELECT result_json FROM snapshots WHERE snapshot_id = {snapshotId}", cancellation);
            if (result.Rows is [[string json]]) return TypedResults.Bytes(Encoding.UTF8.GetBytes(json), "application/json");
            return Problems.NotFound($"no stored snapshot {snapshotId} (unknown, not yet written, or pruned by retention)");
        });
}
