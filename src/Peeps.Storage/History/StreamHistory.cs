using Peeps.Storage.Sqlite;
using Peeps.Wire.Json;
using SQLitePCL;

namespace Peeps.Storage.History;

/// <summary>
/// Rebuilds one stream's state at an instant from its newest checkpoint at or before it plus the batches received
/// after that checkpoint and at or before the instant. Used both by the writer (to make the next checkpoint, inside
/// its transaction) and by readers (inside a read transaction), so checkpoints and rebuilds share one replay.
/// Instants compare with <c>received_at_ns</c>, which follows batch order as long as the server's clock does not step back.
/// </summary>
internal sealed class StreamHistory : IDisposable
{
    private readonly PreparedStatement _newestCheckpoint;
    private readonly PreparedStatement _oldestCheckpoint;
    private readonly PreparedStatement _firstBatch;
    private readonly PreparedStatement _batchesAfter;

    public StreamHistory(sqlite3 db)
    {
        _newestCheckpoint = new PreparedStatement(db, """
            SELECT batch_id, at_ns, next_seq_no, state_json FROM stream_checkpoints
            WHERE conn_id = ?1 AND stream_id = ?2 AND at_ns <= ?3 AND batch_id <= ?4
            ORDER BY batch_id DESC LIMIT 1
            """);
        _oldestCheckpoint = new PreparedStatement(db, """
            SELECT first_batch_id FROM stream_checkpoints WHERE conn_id = ?1 AND stream_id = ?2 ORDER BY batch_id LIMIT 1
            """);
        _firstBatch = new PreparedStatement(db, "SELECT min(id) FROM delta_batches WHERE conn_id = ?1 AND stream_id = ?2");
        _batchesAfter = new PreparedStatement(db, """
            SELECT id, received_at_ns, next_seq_no, change_count, payload_json FROM delta_batches
            WHERE conn_id = ?1 AND stream_id = ?2 AND id > ?3 AND id <= ?4 AND received_at_ns <= ?5
            ORDER BY id
            """);
    }

    /// <param name="upToBatchId">The newest batch to consider (the writer's current one); <see cref="long.MaxValue"/> for all.</param>
    /// <param name="deadline">Checked between batches; past it the rebuild stops with <see cref="GraphAtTimeoutException"/>.</param>
    public RebuiltStream Rebuild(long connId, string streamId, long atNs, long upToBatchId, int maxEvents, Deadline deadline)
    {
        StreamState state;
        long? checkpointId = null, lastId = null, lastAt = null, nextSeq = null;
        var status = StreamHistoryStatus.Held;
        var from = 0L;
        if (NewestCheckpoint(connId, streamId, atNs, upToBatchId, maxEvents) is { } checkpoint)
        {
            (state, checkpointId, lastAt, nextSeq) = checkpoint;
            lastId = from = checkpointId.Value;
        }
        else
        {
            state = new StreamState(maxEvents);
            if (!HistoryFromStartHeld(connId, streamId))
                return new RebuiltStream(streamId, StreamHistoryStatus.NotHeld, state, null, null, null, null, 0, 0);
        }

        var (batches, changes) = (0, 0L);
        _batchesAfter.Bind(1, connId).Bind(2, streamId).Bind(3, from).Bind(4, upToBatchId).Bind(5, atNs);
        try
        {
            while (_batchesAfter.Read())
            {
                deadline.ThrowIfPassed();
                var receivedAt = _batchesAfter.Int64(1);
                var batch = DeltaBatchPayload.Decode(_batchesAfter.Bytes(4));
                state.ApplyBatch(batch, receivedAt);
                (lastId, lastAt, nextSeq) = (_batchesAfter.Int64(0), receivedAt, _batchesAfter.Int64(2));
                batches++;
                changes += _batchesAfter.Int64(3);
            }
        }
        finally
        {
            _batchesAfter.Reset();
        }
        if (lastId is null) status = StreamHistoryStatus.NoBatchYet;
        return new RebuiltStream(streamId, status, state, lastId, lastAt, nextSeq, checkpointId, batches, changes);
    }

    private (StreamState State, long BatchId, long AtNs, long NextSeqNo)? NewestCheckpoint(
        long connId, string streamId, long atNs, long upToBatchId, int maxEvents)
    {
        _newestCheckpoint.Bind(1, connId).Bind(2, streamId).Bind(3, atNs).Bind(4, upToBatchId);
        try
        {
            if (!_newestCheckpoint.Read()) return null;
            var state = CheckpointCodec.Read(_newestCheckpoint.Bytes(3), maxEvents);
            return (state, _newestCheckpoint.Int64(0), _newestCheckpoint.Int64(1), _newestCheckpoint.Int64(2));
        }
        finally
        {
            _newestCheckpoint.Reset();
        }
    }

    /// <summary>
    /// With no checkpoint at or before the instant, the replay must start at the stream's first batch. That is only
    /// possible while that batch is still stored: the oldest checkpoint, when it was built from the start, names it,
    /// and a stream without checkpoints (written before they existed) is replayed from whatever it has.
    /// </summary>
    private bool HistoryFromStartHeld(long connId, string streamId)
    {
        long? firstNamed;
        _oldestCheckpoint.Bind(1, connId).Bind(2, streamId);
        try
        {
            if (!_oldestCheckpoint.Read()) return true;
            firstNamed = _oldestCheckpoint.IsNull(0) ? null : _oldestCheckpoint.Int64(0);
        }
        finally
        {
            _oldestCheckpoint.Reset();
        }
        return firstNamed is not null && FirstBatchId(connId, streamId) == firstNamed;
    }

    /// <summary>The id of the oldest batch of the stream still stored, or null when none is.</summary>
    public long? FirstBatchId(long connId, string streamId)
    {
        _firstBatch.Bind(1, connId).Bind(2, streamId);
        try
        {
            return _firstBatch.Read() && !_firstBatch.IsNull(0) ? _firstBatch.Int64(0) : null;
        }
        finally
        {
            _firstBatch.Reset();
        }
    }

    public void Dispose()
    {
        _newestCheckpoint.Dispose();
        _oldestCheckpoint.Dispose();
        _firstBatch.Dispose();
        _batchesAfter.Dispose();
    }
}
