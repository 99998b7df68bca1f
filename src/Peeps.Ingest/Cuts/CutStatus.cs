using System.Collections.Immutable;

namespace Peeps.Ingest.Cuts;

/// <param name="CommittedNextSeqNo">The committed cursor of the acked stream when the member left the pending set (or now, while pending).</param>
/// <param name="AckedAtNs">When its ack reached the server.</param>
/// <param name="SettledAtNs">When it left the pending set: committed up to its ack, disconnected or unreachable.</param>
public sealed record CutMemberStatus(
    long ConnId,
    string ProcessName,
    uint Pid,
    CutMemberState State,
    string? AckedStreamId,
    ulong? AckedNextSeqNo,
    ulong? CommittedNextSeqNo,
    long? AckedAtNs,
    long? SettledAtNs)
{
    public bool Pending => State is CutMemberState.AwaitingAck or CutMemberState.AwaitingCommit;
}

/// <summary>A cut as <c>GET /api/cuts/{cut_id}</c> reports it. Complete when no member is pending.</summary>
public sealed record CutStatus(string CutId, long RequestedAtNs, int AckedConnections, ImmutableArray<CutMemberStatus> Members)
{
    public IReadOnlyList<long> PendingConnIds => [.. Members.Where(m => m.Pending).Select(m => m.ConnId)];

    public bool Complete => Members.All(m => !m.Pending);

    /// <summary>
    /// When the last member left the pending set (the request itself for a cut of no one). Null while pending, and
    /// when a member's time is unknown: one that a server restart settled, or one journaled before times were.
    /// </summary>
    public long? CompletedAtNs =>
        !Complete ? null
        : Members.IsEmpty ? RequestedAtNs
        : Members.Any(m => m.SettledAtNs is null) ? null
        : Members.Max(m => m.SettledAtNs);
}
