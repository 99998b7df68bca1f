namespace Peeps.Diagnosis.Reports;

/// <summary>
/// A blocked entity that nothing waits on, followed to what it finally waits for. <paramref name="Depth"/> is the
/// longest path in edges; <paramref name="EndsIn"/> is <c>root_blocker</c>, <c>deadlock</c> or <c>mixed</c> (branches
/// end both ways); <paramref name="Truncated"/> says a depth or size bound cut the tree.
/// </summary>
public sealed record WaitChainReport(
    NodeView Head,
    long? BlockedForMs,
    int Depth,
    int ProcessHops,
    string EndsIn,
    IReadOnlyList<RootBlockerView> Roots,
    IReadOnlyList<int> DeadlockIds,
    bool Truncated,
    ChainNode Tree);

/// <summary>
/// What a chain ends on. <paramref name="Reason"/>: <c>running_work</c> (a future waiting on nothing instrumented),
/// <c>external_io</c> (net, file or command), <c>unresolved_request</c>, <c>process_did_not_answer</c>,
/// <c>resource_without_holder</c> (a lock, semaphore, channel end ... whose holder the data does not name), or
/// <c>response_without_worker</c>.
/// </summary>
public sealed record RootBlockerView(NodeView Entity, string Reason);
