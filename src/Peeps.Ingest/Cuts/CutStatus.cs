using System.Collections.Immutable;

namespace Peeps.Ingest.Cuts;

/// <param name="CommittedNextSeqNo">The committed cursor of the acked stream when the member left the pending set (or now, while pending).</param>
public sealed record CutMemberStatus(
    long ConnId,
    string ProcessName,
    uint Pid,
    CutMemberState State,
    string? AckedStreamId,
    ulong? AckedNextSeqNo,
    ulong? CommittedNextSeqNo)
{
    public bool Pending => State is CutMemberState.AwaitingAck or CutMemberState.AwaitingCommit;
}

/// <summary>A cut as <c>GET /api/cuts/{cut_id}</c> reports it. Complete when no member is pending.</summary>
public sealed record CutStatus(string CutId, long RequestedAtNs, int AckedConnections, ImmutableArray<CutMemberStatus> Members)
{
    public IReadOnlyList<long> PendingConnIds => [.. Members.Where(m => m.Pending).Select(m => m.ConnId)];

    public bool Complete => Members.All(m => !m.Pending);
}
