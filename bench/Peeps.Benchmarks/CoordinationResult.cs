namespace Peeps.Benchmarks;

/// <summary>
/// Cut completion and snapshot latency at one (process count, entities per process) point. A request that failed
/// (or an endpoint this build does not serve) stops that measurement and is described in <paramref name="Problem"/>.
/// <paramref name="AfterSlowestReplyMs"/> is each snapshot's round trip minus the moment its slowest reply reached the server.
/// </summary>
public sealed record CoordinationResult(
    int Processes,
    int EntityTarget,
    long EntitiesStored,
    Percentiles? CutMs,
    Percentiles? SnapshotMs,
    Percentiles? AfterSlowestReplyMs,
    long SnapshotBytes,
    int SnapshotReplied,
    int SnapshotTimedOut,
    string? Problem);
