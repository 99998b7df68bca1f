using Peeps.Diagnosis;
using Peeps.Diagnosis.Diff;
using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Reports;
using Peeps.Ingest.Snapshots;
using Peeps.Storage.Reading;
using Peeps.Web.Diagnosis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Peeps.Web.Api;

/// <summary>
/// Deadlocks, wait chains, warnings and diffs of snapshots. Every answer comes from <see cref="Diagnoser"/>, the
/// same library the console, the CLI and the MCP tools read through these routes.
/// </summary>
public static class DiagnosisEndpoints
{
    /// <summary>Body of <c>POST /api/diagnose</c>: how long the cut and the snapshot may each wait.</summary>
    public sealed record DiagnoseRequestBody(long? TimeoutMs);

    public static IEndpointRouteBuilder MapDiagnosis(this IEndpointRouteBuilder routes)
    {
        var snapshots = routes.MapGroup("/api/snapshots");
        snapshots.MapGet("/{snapshotId:long}/diagnosis", Diagnose)
            .WithName("DiagnoseSnapshot").WithSummary("Deadlocks, wait chains and warnings of a stored snapshot");
        snapshots.MapGet("/{snapshotId:long}/wait-chain", WaitChain)
            .WithName("GetWaitChain").WithSummary("What one entity of a stored snapshot waits on, to its root blockers");
        snapshots.MapGet("/{fromId:long}/diff/{toId:long}", Diff)
            .WithName("DiffSnapshots").WithSummary("What changed between two stored snapshots, deadlocks included");
        routes.MapGroup("/api/diagnose").MapPost("/", DiagnoseFresh)
            .WithName("DiagnoseNow").WithSummary("Take a cut and a snapshot now and diagnose it")
            .RefusedWhenReadOnly("diagnosing now takes a cut and a snapshot of live runtimes");
        return routes;
    }

    private static async Task<Results<Ok<DiagnosisReport>, ProblemHttpResult>> Diagnose(
        long snapshotId, StoredSnapshots stored, DiagnosisSettings settings, CancellationToken cancellation) =>
        await OwnReads.Guarded<Ok<DiagnosisReport>>(async () =>
        {
            if (await stored.ReadAsync(snapshotId, cancellation) is not { } document) return NoSnapshot(snapshotId);
            var previous = await stored.ReadPreviousAsync(snapshotId, cancellation);
            return TypedResults.Ok(Diagnoser.Diagnose(document, settings, previous));
        });

    private static async Task<Results<Ok<WaitChainReport>, ProblemHttpResult>> WaitChain(
        long snapshotId, [FromQuery(Name = "conn_id")] long? connId, [FromQuery(Name = "entity_id")] string? entityId, StoredSnapshots stored, DiagnosisSettings settings, CancellationToken cancellation)
    {
        if (connId is null || string.IsNullOrEmpty(entityId)) return Problems.BadRequest("conn_id and entity_id are required");
        return await OwnReads.Guarded<Ok<WaitChainReport>>(async () =>
        {
            if (await stored.ReadAsync(snapshotId, cancellation) is not { } document) return NoSnapshot(snapshotId);
            var chain = Diagnoser.WaitChainFrom(WaitGraphBuilder.Build(document), connId.Value, entityId, settings);
            return chain is null
                ? Problems.NotFound($"snapshot {snapshotId} has no entity '{entityId}' of connection {connId}")
                : TypedResults.Ok(chain);
        });
    }

    private static async Task<Results<Ok<SnapshotDiff>, ProblemHttpResult>> Diff(
        long fromId, long toId, StoredSnapshots stored, DiagnosisSettings settings, CancellationToken cancellation) =>
        await OwnReads.Guarded<Ok<SnapshotDiff>>(async () =>
        {
            if (await stored.ReadAsync(fromId, cancellation) is not { } from) return NoSnapshot(fromId);
            if (await stored.ReadAsync(toId, cancellation) is not { } to) return NoSnapshot(toId);
            return TypedResults.Ok(SnapshotDiffer.Diff(WaitGraphBuilder.Build(from), WaitGraphBuilder.Build(to), settings));
        });

    private static async Task<Results<Ok<DiagnosisReport>, ProblemHttpResult>> DiagnoseFresh(
        DiagnoseRequestBody? body, FreshSnapshots fresh, StoredSnapshots stored, SnapshotSettings snapshotSettings,
        DiagnosisSettings settings, CancellationToken cancellation)
    {
        if (SnapshotTimeout.Resolve(body?.TimeoutMs, snapshotSettings, out var invalid) is not { } timeout)
            return Problems.BadRequest(invalid!);
        return await OwnReads.Guarded<Ok<DiagnosisReport>>(async () =>
        {
            var outcome = await fresh.TakeAsync(timeout, cancellation);
            if (outcome is FreshSnapshots.Failed failed) return Problems.Unavailable($"the snapshot could not be taken: {failed.Reason}");
            var taken = (FreshSnapshots.Taken)outcome;
            var document = StoredSnapshots.Parse(taken.Json.Span, taken.SnapshotId);
            var previous = await stored.ReadPreviousAsync(taken.SnapshotId, cancellation);
            return TypedResults.Ok(Diagnoser.Diagnose(document, settings, previous));
        });
    }

    private static ProblemHttpResult NoSnapshot(long snapshotId) =>
        Problems.NotFound($"no stored snapshot {snapshotId} (unknown, not yet written, or pruned by retention)");
}
