using Peeps.Wire.Messages;

namespace Peeps.Wire.Tests;

/// <summary>
/// A comparable text form of a client message. Records compare raw JSON slices by reference, so
/// property tests compare messages through this instead; <see cref="DeltaBatch.PayloadJson"/> is left out
/// because hand-built batches have none.
/// </summary>
internal static class MessageShape
{
    public static string Of(ClientMessage message) => message switch
    {
        DeltaBatch batch =>
            $"delta_batch {batch.StreamId} {batch.FromSeqNo} {batch.NextSeqNo} {batch.Truncated} {batch.CompactedBeforeSeqNo?.ToString() ?? "-"} [{string.Join("; ", batch.Changes.Select(Of))}]",
        SnapshotReply reply => $"snapshot_reply {reply.SnapshotId} {reply.PtimeNowMs} {(reply.Snapshot is { } s ? Utf8.Text(s) : "-")}",
        _ => message.ToString(),
    };

    public static string Of(Change change) => change switch
    {
        UpsertEntity e => $"{e.SeqNo} upsert_entity {e.Id} {Utf8.Text(e.Json)}",
        UpsertScope s => $"{s.SeqNo} upsert_scope {s.Id} {Utf8.Text(s.Json)}",
        UpsertEdge e => $"{e.SeqNo} upsert_edge {e.Src} {e.Dst} {e.KindJson} {Utf8.Text(e.Json)}",
        AppendEvent e => $"{e.SeqNo} append_event {e.Id} {e.At} {Utf8.Text(e.Json)}",
        _ => change.ToString(),
    };
}
