using Peeps.Wire.Messages;

namespace Peeps.Ingest.Cuts;

/// <summary>The coordinator's mutable view of one cut; changed only by applying <see cref="ICutJournalEvent"/>s.</summary>
internal sealed class TrackedCut
{
    public TrackedCut(CutRequestedEvent requested)
        : this(requested.Number, requested.RequestedAtNs, requested.Members.Select(m => new TrackedMember(m)))
    {
    }

    private TrackedCut(long number, long requestedAtNs, IEnumerable<TrackedMember> members)
    {
        Number = number;
        Id = CutId.Format(number);
        RequestedAtNs = requestedAtNs;
        Members = members.ToDictionary(m => m.Member.ConnId);
    }

    public long Number { get; }
    public string Id { get; }
    public long RequestedAtNs { get; }
    public Dictionary<long, TrackedMember> Members { get; }

    public bool HasPending => Members.Values.Any(m => m.Pending);

    public static TrackedCut Restore(SavedCut saved) =>
        new(saved.Number, saved.RequestedAtNs, saved.Members.Select(TrackedMember.Restore));

    public SavedCut Save() => new(Number, RequestedAtNs, [.. Members.Values.Select(m => m.Save())]);

    public CutStatus ToStatus(Func<long, string, ulong?> committedCursor) => new(
        Id,
        RequestedAtNs,
        Members.Values.Count(m => m.Ack is not null),
        [.. Members.Values.OrderBy(m => m.Member.ConnId).Select(m => m.ToStatus(committedCursor))]);
}

internal sealed class TrackedMember(CutMember member)
{
    public CutMember Member { get; } = member;
    public StreamCursor? Ack { get; set; }
    public long? AckedAtNs { get; set; }
    public CutMemberState? Settled { get; set; }
    public long? SettledAtNs { get; set; }
    public ulong? CommittedAtSettle { get; set; }

    public bool Pending => Settled is null;

    public CutMemberState State => Settled ?? (Ack is null ? CutMemberState.AwaitingAck : CutMemberState.AwaitingCommit);

    public static TrackedMember Restore(SavedCutMember saved) => new(saved.Member)
    {
        Ack = saved is { AckedStreamId: { } streamId, AckedNextSeqNo: { } nextSeqNo } ? new StreamCursor(streamId, nextSeqNo) : null,
        AckedAtNs = saved.AckedAtNs,
        Settled = saved.Settled,
        SettledAtNs = saved.SettledAtNs,
        CommittedAtSettle = saved.CommittedAtSettle,
    };

    public SavedCutMember Save() => new(Member, Ack?.StreamId, Ack?.NextSeqNo, Settled, CommittedAtSettle, AckedAtNs, SettledAtNs);

    public CutMemberStatus ToStatus(Func<long, string, ulong?> committedCursor) => new(
        Member.ConnId,
        Member.ProcessName,
        Member.Pid,
        State,
        Ack?.StreamId,
        Ack?.NextSeqNo,
        Settled is null && Ack is not null ? committedCursor(Member.ConnId, Ack.StreamId) : CommittedAtSettle,
        AckedAtNs,
        SettledAtNs);
}
