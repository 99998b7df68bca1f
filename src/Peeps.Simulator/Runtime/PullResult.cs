using Peeps.Simulator.Model;

namespace Peeps.Simulator.Runtime;

/// <summary>What one pull from the change log returns: the content of a <c>delta_batch</c>.</summary>
public sealed record PullResult(
    ulong FromSeqNo,
    ulong NextSeqNo,
    IReadOnlyList<SequencedChange> Changes,
    bool Truncated,
    ulong? CompactedBeforeSeqNo);
