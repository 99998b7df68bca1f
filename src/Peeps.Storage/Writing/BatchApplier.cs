using Peeps.Wire.Messages;

namespace Peeps.Storage.Writing;

/// <summary>Writes one delta batch: its changes' effects, its <c>delta_batches</c> row and its cursor.</summary>
internal sealed class BatchApplier(WriterStatements s)
{
    /// <returns>The batch's <c>delta_batches.id</c>.</returns>
    public long Apply(DeltaBatchReceived command)
    {
        var (connId, batch, at) = (command.ConnId, command.Batch, command.ReceivedAtNs);
        var stream = batch.StreamId;
        foreach (var change in batch.Changes)
            ApplyChange(connId, stream, at, change);

        var batchId = InsertBatchRow(s, command);
        s.UpsertCursor.Bind(1, connId).Bind(2, stream).Bind(3, batch.NextSeqNo).Bind(4, at).Execute();
        return batchId;
    }

    /// <summary>The batch's <c>delta_batches</c> row: written for every batch, coalesced or not.</summary>
    /// <returns>The row's <c>id</c>.</returns>
    public static long InsertBatchRow(WriterStatements s, DeltaBatchReceived command)
    {
        var batch = command.Batch;
        s.InsertBatch.Bind(1, command.ConnId).Bind(2, batch.StreamId).Bind(3, batch.FromSeqNo).Bind(4, batch.NextSeqNo)
            .Bind(5, batch.Truncated ? 1L : 0L)
            .Bind(6, batch.CompactedBeforeSeqNo is { } compacted ? checked((long)compacted) : null)
            .Bind(7, (long)batch.Changes.Count).BindUtf8(8, batch.PayloadJson.Span).Bind(9, command.ReceivedAtNs)
            .Execute();
        return s.LastInsertRowId;
    }

    private void ApplyChange(long connId, string stream, long at, Change change)
    {
        switch (change)
        {
            case UpsertEntity c:
                s.UpsertEntity.Bind(1, connId).Bind(2, stream).Bind(3, c.Id).BindUtf8(4, c.Json.Span).Bind(5, at).Execute();
                break;
            case RemoveEntity c:
                s.DeleteEntity.Bind(1, connId).Bind(2, stream).Bind(3, c.Id).Execute();
                s.DeleteLinksOfEntity.Bind(1, connId).Bind(2, stream).Bind(3, c.Id).Execute();
                s.DeleteEdgesFrom.Bind(1, connId).Bind(2, stream).Bind(3, c.Id).Execute();
                s.DeleteEdgesTo.Bind(1, connId).Bind(2, stream).Bind(3, c.Id).Execute();
                break;
            case UpsertScope c:
                s.UpsertScope.Bind(1, connId).Bind(2, stream).Bind(3, c.Id).BindUtf8(4, c.Json.Span).Bind(5, at).Execute();
                break;
            case RemoveScope c:
                s.DeleteScope.Bind(1, connId).Bind(2, stream).Bind(3, c.Id).Execute();
                s.DeleteLinksOfScope.Bind(1, connId).Bind(2, stream).Bind(3, c.Id).Execute();
                break;
            case UpsertEntityScopeLink c:
                s.UpsertLink.Bind(1, connId).Bind(2, stream).Bind(3, c.EntityId).Bind(4, c.ScopeId).Bind(5, at).Execute();
                break;
            case RemoveEntityScopeLink c:
                s.DeleteLink.Bind(1, connId).Bind(2, stream).Bind(3, c.EntityId).Bind(4, c.ScopeId).Execute();
                break;
            case UpsertEdge c:
                s.UpsertEdge.Bind(1, connId).Bind(2, stream).Bind(3, c.Src).Bind(4, c.Dst).Bind(5, c.KindJson)
                    .BindUtf8(6, c.Json.Span).Bind(7, at).Execute();
                break;
            case RemoveEdge c:
                s.DeleteEdge.Bind(1, connId).Bind(2, stream).Bind(3, c.Src).Bind(4, c.Dst).Bind(5, c.KindJson).Execute();
                break;
            case AppendEvent c:
                s.UpsertEvent.Bind(1, connId).Bind(2, stream).Bind(3, c.SeqNo).Bind(4, c.Id).BindUtf8(5, c.Json.Span)
                    .Bind(6, c.At).Execute();
                break;
            case UnknownChange:
                // Newer clients add variants; the change stays readable in the batch's payload_json.
                break;
            default:
                throw new ArgumentException($"change type {change.GetType().Name} has no materialization", nameof(change));
        }
    }
}
