namespace Peeps.Wire.Messages;

/// <summary>
/// The content of a <c>delta_batch</c> message (the wire's <c>PullChangesResponse</c>).
/// <paramref name="PayloadJson"/> is the raw JSON of the whole batch object as it arrived,
/// stored verbatim in <c>delta_batches.payload_json</c>.
/// </summary>
public sealed record DeltaBatch(
    string StreamId,
    ulong FromSeqNo,
    ulong NextSeqNo,
    IReadOnlyList<Change> Changes,
    bool Truncated,
    ulong? CompactedBeforeSeqNo,
    ReadOnlyMemory<byte> PayloadJson) : ClientMessage;
