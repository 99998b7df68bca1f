namespace Peeps.Diagnosis.Model;

/// <summary>
/// A cross-process snapshot: the processes that replied with a graph, and those that did not (timed out, replied
/// without a snapshot, or disconnected while it was taken), which the diagnosis names when something waits on them.
/// </summary>
public sealed record SnapshotDocument(
    long? SnapshotId,
    long CapturedAtUnixMs,
    IReadOnlyList<ProcessSnapshot> Processes,
    IReadOnlyList<ProcessRef> Unanswered);
