using System.Text.Json.Serialization;

namespace Peeps.Ingest.Inspection;

/// <summary>
/// The live ingest graph at one moment: the document <c>GET /api/streams</c> returns (documented in
/// docs/tuning.md). Rates and backpressured time cover the last sample window of <see cref="WindowMs"/>.
/// </summary>
public sealed record StreamGraphSnapshot(
    long SampledAtUnixMs,
    double WindowMs,
    IReadOnlyList<StreamGraphSnapshot.Stage> Stages,
    IReadOnlyList<StreamGraphSnapshot.Edge> Edges,
    // The member keeps the name /api/streams has always used, from before the store pipeline had its own name.
    [property: JsonPropertyName("materializer")] StreamGraphSnapshot.StorePipelineBlock? StorePipeline,
    IReadOnlyList<StreamGraphSnapshot.Connection> Connections)
{
    /// <summary>Akka's own count of the interpreters running the graph (<see cref="Inspection.RunningGraphs"/>).</summary>
    public int RunningGraphs { get; init; }

    /// <summary>Per-stage latency of delta batches through the write path, and GC pauses, over the commit window.</summary>
    public LatencyBlock? Latency { get; init; }

    /// <param name="Stages">One entry per write-path stage (<see cref="PipelineLatency.Stages"/>), in pipeline order.</param>
    /// <param name="GcPauses">Pauses of the garbage collector in the same window; <c>TotalMs</c> is their sum.</param>
    public sealed record LatencyBlock(double WindowMs, IReadOnlyList<StageLatency> Stages, StageLatency GcPauses);

    /// <param name="Samples">Delta batches (or pauses) in the window; percentiles are nearest rank, null when none.</param>
    public sealed record StageLatency(string Stage, int Samples, double? P50Ms, double? P99Ms, double? MaxMs, double? TotalMs);

    /// <summary>The store on disk and what retention removed (docs/reliability.md).</summary>
    public Peeps.Storage.Retention.StoreFootprint? Storage { get; init; }

    /// <param name="BackpressuredMs">Time in the last window this stage waited on downstream demand; null for the writer (a sink).</param>
    public sealed record Stage(
        string Name,
        string Kind,
        long? ConnId,
        long? Capacity,
        long? Fill,
        string? FillUnit,
        long ElementsIn,
        long ElementsOut,
        double InPerSecond,
        double OutPerSecond,
        double? BackpressuredMs,
        double? BackpressuredTotalMs);

    public sealed record Edge(string From, string To);

    /// <param name="QueueDepth">Commands accepted by the merge and not yet committed.</param>
    /// <param name="CurrentCommitMs">How long the commit in progress has run; null when the writer is idle.</param>
    public sealed record StorePipelineBlock(
        long QueueDepth,
        long MergeFill,
        long MergeCapacity,
        int Producers,
        long GroupFillWeight,
        long MaxGroupWeight,
        long Commits,
        long CommittedCommands,
        long CommittedChanges,
        double CommitsPerSecond,
        double ChangesPerSecond,
        double? CurrentCommitMs,
        CommitWindowBlock CommitWindow);

    public sealed record CommitWindowBlock(
        double WindowMs,
        int Commits,
        double? LatencyP50Ms,
        double? LatencyP99Ms,
        double? LatencyMaxMs,
        double? MeanGroupCommands,
        int? MaxGroupCommands,
        double? MeanGroupWeight,
        long? MaxGroupWeight);

    public sealed record Connection(
        long ConnId,
        string? ProcessName,
        uint? Pid,
        long ConnectedAtUnixMs,
        long BytesRead,
        double ReadBytesPerSecond,
        long Frames,
        double FramesPerSecond,
        long Batches,
        long Changes,
        double ChangesPerSecond,
        long BufferFill,
        double? BackpressuredMs,
        IReadOnlyList<StreamCursors> Streams);

    /// <param name="Lag">Sequence numbers received and not yet committed.</param>
    public sealed record StreamCursors(string StreamId, ulong ReceivedNextSeqNo, ulong CommittedNextSeqNo, ulong Lag);
}
