namespace Peeps.Diagnosis.Reports;

/// <summary>
/// One step of a wait chain, as a tree: the entity, the edge it was reached by (null at the head), and what it waits
/// on. A leaf is a root blocker (<paramref name="Root"/> says what kind), an entry into a deadlock
/// (<paramref name="DeadlockId"/>), or where a bound stopped the walk (<paramref name="CutBy"/>: <c>depth</c> or <c>size</c>).
/// </summary>
public sealed record ChainNode(
    NodeView Entity,
    ChainLink? Via,
    IReadOnlyList<ChainNode> WaitsOn,
    string? Root,
    int? DeadlockId,
    string? CutBy);

/// <summary>The edge into a chain step; <paramref name="ProcessHop"/> marks a step into another process.</summary>
public sealed record ChainLink(string Kind, bool Inferred, long? WaitMs, bool ProcessHop);
