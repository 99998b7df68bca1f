namespace Peeps.Diagnosis.Reports;

/// <summary>
/// A strongly connected component of the wait-for graph: every member waits, through the others, on itself.
/// <paramref name="Confidence"/> is <c>certain</c>, or <c>candidate</c> when a member can be woken from outside the
/// cycle (<paramref name="Reasons"/> says which and why). <paramref name="BlockedForMs"/> is the age of the youngest
/// wait inside it: the cycle is at least that old.
/// </summary>
public sealed record DeadlockReport(
    int Id,
    string Confidence,
    IReadOnlyList<string> Reasons,
    bool CrossesProcesses,
    bool HasInferredEdges,
    long? BlockedForMs,
    IReadOnlyList<long> ConnIds,
    int MemberCount,
    IReadOnlyList<NodeView> Members,
    IReadOnlyList<EdgeView> Edges,
    bool Truncated);
