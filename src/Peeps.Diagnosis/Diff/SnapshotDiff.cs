using System.Text.Json.Nodes;
using Peeps.Diagnosis.Model;
using Peeps.Diagnosis.Reports;

namespace Peeps.Diagnosis.Diff;

/// <summary>
/// What changed from snapshot <c>from</c> to snapshot <c>to</c>, keyed by (process, entity id). <see cref="StillBlocked"/>
/// is the line between stuck and slow: the waits present in both.
/// </summary>
public sealed record SnapshotDiff(
    long? FromSnapshotId,
    long? ToSnapshotId,
    long IntervalMs,
    DiffSummary Summary,
    IReadOnlyList<ProcessRef> ProcessesAdded,
    IReadOnlyList<ProcessRef> ProcessesRemoved,
    IReadOnlyList<NodeView> EntitiesAdded,
    IReadOnlyList<NodeView> EntitiesRemoved,
    IReadOnlyList<EntityChange> EntitiesChanged,
    IReadOnlyList<EdgeView> WaitEdgesAdded,
    IReadOnlyList<EdgeView> WaitEdgesRemoved,
    IReadOnlyList<StillBlocked> StillBlocked,
    IReadOnlyList<DeadlockChange> Deadlocks,
    bool Truncated);

/// <summary>Counts before any list was cut to its bound.</summary>
public sealed record DiffSummary(
    int EntitiesAdded,
    int EntitiesRemoved,
    int EntitiesChanged,
    int WaitEdgesAdded,
    int WaitEdgesRemoved,
    int StillBlocked,
    int DeadlocksBefore,
    int DeadlocksAfter,
    int DeadlocksResolved);

/// <summary>An entity in both snapshots whose body changed, with the body before and after.</summary>
public sealed record EntityChange(NodeView Entity, string StateBefore, JsonNode? Before, JsonNode? After);

/// <summary>A wait present in both snapshots, with its age in each.</summary>
public sealed record StillBlocked(NodeView Waiter, NodeView WaitsOn, string Kind, long? WaitMsBefore, long? WaitMsAfter);

/// <summary>A deadlock of either snapshot: <c>resolved</c> (only before), <c>persisting</c> (its members still deadlocked after) or <c>new</c>.</summary>
public sealed record DeadlockChange(string Change, int? IdBefore, int? IdAfter, IReadOnlyList<NodeView> Members);
