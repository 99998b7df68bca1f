using Peeps.Wire.Messages;

namespace Peeps.Storage.Writing;

/// <summary>
/// Applies the delta batches of one group as their net effect: per stream, only the last effect on each row is
/// written (<see cref="StreamEffects"/>), and each cursor once, at its newest value. Readers cannot tell: the group
/// commits atomically, so they only ever saw the state after a whole group, which is the state after its last batch.
/// What every batch leaves on its own is still written, in order: its <c>delta_batches</c> row and its events.
/// Call <see cref="Flush"/> before anything else the group writes, and before commit.
/// </summary>
internal sealed class GroupCoalescer(WriterStatements s)
{
    private readonly Dictionary<(long ConnId, string StreamId), StreamEffects> _streams = [];

    /// <summary>Changes of flushed streams whose write was skipped: a later change of the same group superseded it.</summary>
    public int Superseded { get; private set; }

    /// <returns>The batch's <c>delta_batches.id</c>.</returns>
    public long Add(DeltaBatchReceived command)
    {
        var (connId, batch, at) = (command.ConnId, command.Batch, command.ReceivedAtNs);
        if (!_streams.TryGetValue((connId, batch.StreamId), out var stream))
            _streams[(connId, batch.StreamId)] = stream = new StreamEffects(connId, batch.StreamId);
        foreach (var change in batch.Changes)
        {
            if (stream.Add(change, at)) continue;
            if (change is AppendEvent e)
                s.UpsertEvent.Bind(1, connId).Bind(2, batch.StreamId).Bind(3, e.SeqNo).Bind(4, e.Id).BindUtf8(5, e.Json.Span)
                    .Bind(6, e.At).Execute();
            // Anything else is a variant a newer client added; it stays readable in the batch's payload_json.
        }
        var batchId = BatchApplier.InsertBatchRow(s, command);
        stream.Cursor(batch.NextSeqNo, at);
        return batchId;
    }

    public void Flush()
    {
        foreach (var stream in _streams.Values)
        {
            stream.Flush(s);
            Superseded += stream.Superseded;
        }
        _streams.Clear();
    }

    /// <summary>Forgets what was buffered, unwritten (the transaction it was for is being rolled back).</summary>
    public void Discard()
    {
        _streams.Clear();
        Superseded = 0;
    }
}
