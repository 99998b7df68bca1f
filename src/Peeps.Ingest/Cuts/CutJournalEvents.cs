namespace Peeps.Ingest.Cuts;

/// <summary>What the cut coordinator journals; replaying these rebuilds cut history after a restart.</summary>
public interface ICutJournalEvent
{
    long Number { get; }
}

public sealed record CutMember(long ConnId, string ProcessName, uint Pid);

/// <summary>Arrays rather than immutable collections: the journal serializes events as JSON by type name.</summary>
public sealed record CutRequestedEvent(long Number, long RequestedAtNs, CutMember[] Members) : ICutJournalEvent;

public sealed record CutAckedEvent(long Number, long ConnId, string StreamId, ulong NextSeqNo, long ReceivedAtNs) : ICutJournalEvent;

/// <param name="SettledAtNs">When the member left the pending set; null in events journaled before it was recorded.</param>
public sealed record CutMemberSettledEvent(long Number, long ConnId, CutMemberState State, ulong? CommittedNextSeqNo, long? SettledAtNs) : ICutJournalEvent;

/// <summary>The cut's row could not be queued for the store, so the cut was refused; its number stays used.</summary>
public sealed record CutWithdrawnEvent(long Number) : ICutJournalEvent;
