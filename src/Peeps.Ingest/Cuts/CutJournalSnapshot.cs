namespace Peeps.Ingest.Cuts;

/// <summary>
/// What the cut coordinator saves as its Akka.Persistence snapshot before it deletes the events the snapshot
/// covers: the id high-water mark, and the cuts kept readable, since the database's <c>cuts</c> and <c>cut_acks</c>
/// rows do not hold who was asked or where each member ended. Arrays, as in the events, because the snapshot
/// store serializes JSON by type name.
/// </summary>
public sealed record CutJournalSnapshot(long LastNumber, SavedCut[] Cuts);

public sealed record SavedCut(long Number, long RequestedAtNs, SavedCutMember[] Members);

public sealed record SavedCutMember(
    CutMember Member,
    string? AckedStreamId,
    ulong? AckedNextSeqNo,
    CutMemberState? Settled,
    ulong? CommittedAtSettle,
    long? AckedAtNs,
    long? SettledAtNs);
