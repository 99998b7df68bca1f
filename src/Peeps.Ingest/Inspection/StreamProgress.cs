namespace Peeps.Ingest.Inspection;

/// <summary>One stream's cursors on one connection: what has been received off the socket and what is committed.</summary>
public sealed class StreamProgress(string streamId, ulong firstFromSeqNo)
{
    private long _received = (long)firstFromSeqNo;
    private long _committed = (long)firstFromSeqNo;

    public string StreamId { get; } = streamId;

    public ulong ReceivedNextSeqNo => (ulong)Volatile.Read(ref _received);

    /// <summary>Before the first commit, the cursor the stream started from: nothing of it is committed yet.</summary>
    public ulong CommittedNextSeqNo => (ulong)Volatile.Read(ref _committed);

    /// <summary>Sequence numbers received and not yet committed; zero when the committed cursor has caught up.</summary>
    public ulong Lag => ReceivedNextSeqNo > CommittedNextSeqNo ? ReceivedNextSeqNo - CommittedNextSeqNo : 0;

    public void Received(ulong nextSeqNo) => Volatile.Write(ref _received, (long)nextSeqNo);

    public void Committed(ulong nextSeqNo) => Volatile.Write(ref _committed, (long)nextSeqNo);
}
