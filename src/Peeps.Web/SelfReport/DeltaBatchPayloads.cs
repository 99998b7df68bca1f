using Peeps.Simulator.Json;
using Peeps.Simulator.Model;
using Peeps.Simulator.Runtime;

namespace Peeps.Web.SelfReport;

/// <summary>
/// Numbers changes from a cursor and encodes them as <c>delta_batch</c> payloads the server will accept: at most
/// the Rust client's batch size each, halved until a batch fits the server's frame limit. All but the last batch
/// are marked <c>truncated</c>, as the client marks a pull that left changes behind.
/// </summary>
public static class DeltaBatchPayloads
{
    private static readonly int MaxChangesPerBatch = new ClientLimits().MaxBatchChanges;

    public static IEnumerable<byte[]> Encode(string streamId, ulong fromSeqNo, IReadOnlyList<GraphChange> changes, int maxPayloadBytes)
    {
        var sequenced = changes.Select((change, i) => new SequencedChange(fromSeqNo + (ulong)i, change)).ToArray();
        var start = 0;
        while (start < sequenced.Length)
        {
            var count = Math.Min(MaxChangesPerBatch, sequenced.Length - start);
            var payload = Batch(streamId, fromSeqNo, sequenced, start, count);
            while (payload.Length > maxPayloadBytes && count > 1)
            {
                count /= 2;
                payload = Batch(streamId, fromSeqNo, sequenced, start, count);
            }
            yield return payload;
            start += count;
        }
    }

    /// <summary>A batch without changes: it tells the server the process is alive without moving the cursor.</summary>
    public static byte[] Empty(string streamId, ulong cursor) =>
        ClientPayloads.DeltaBatch(streamId, new PullResult(cursor, cursor, [], false, null));

    private static byte[] Batch(string streamId, ulong fromSeqNo, SequencedChange[] sequenced, int start, int count)
    {
        var end = start + count;
        var pull = new PullResult(fromSeqNo + (ulong)start, fromSeqNo + (ulong)end, sequenced[start..end], end < sequenced.Length, null);
        return ClientPayloads.DeltaBatch(streamId, pull);
    }
}
