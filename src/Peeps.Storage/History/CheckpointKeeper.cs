using Peeps.Storage.Sqlite;
using Peeps.Wire;
using SQLitePCL;

namespace Peeps.Storage.History;

/// <summary>
/// The writer's side of checkpoints: after each batch it counts what arrived since the stream's last checkpoint and,
/// past <see cref="CheckpointSettings"/>' thresholds, rebuilds the state (the previous checkpoint plus the batches
/// since, read inside the writer's own transaction) and stores it beside the batch. The counts live in memory and are
/// reloaded from the database for a stream the keeper has not seen or after a rollback, so they never drift from
/// what committed.
/// </summary>
internal sealed class CheckpointKeeper : IDisposable
{
    private readonly CheckpointSettings _settings;
    private readonly StreamHistory _history;
    private readonly PreparedStatement _newest;
    private readonly PreparedStatement _since;
    private readonly PreparedStatement _insert;
    private readonly Dictionary<(long ConnId, string StreamId), Progress> _progress = [];

    private readonly record struct Progress(bool Due, int Batches, long Changes, long StateRows);

    public CheckpointKeeper(sqlite3 db, CheckpointSettings settings)
    {
        _settings = settings;
        _history = new StreamHistory(db);
        _newest = new PreparedStatement(db, """
            SELECT batch_id, state_rows FROM stream_checkpoints WHERE conn_id = ?1 AND stream_id = ?2 ORDER BY batch_id DESC LIMIT 1
            """);
        _since = new PreparedStatement(db, """
            SELECT count(*), total(change_count) FROM delta_batches WHERE conn_id = ?1 AND stream_id = ?2 AND id > ?3 AND id < ?4
            """);
        _insert = new PreparedStatement(db, """
            INSERT INTO stream_checkpoints (conn_id, stream_id, batch_id, at_ns, next_seq_no, first_batch_id, state_rows, state_json)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """);
    }

    /// <summary>Called after batch <paramref name="batchId"/> of the stream was written in the current transaction.</summary>
    public void AfterBatch(long connId, string streamId, long batchId, int changeCount)
    {
        var key = (connId, streamId);
        if (!_progress.TryGetValue(key, out var progress))
            progress = Load(connId, streamId, batchId);
        progress = progress with { Batches = progress.Batches + 1, Changes = progress.Changes + changeCount };
        if (progress.Due || progress.Batches >= _settings.EveryBatches
            || progress.Changes >= Math.Max(_settings.EveryChanges, progress.StateRows))
        {
            try
            {
                progress = new Progress(false, 0, 0, Write(connId, streamId, batchId));
            }
            catch (Exception e) when (e is WireFormatException or InvalidDataException)
            {
                // A stored batch or checkpoint that does not read back must not stop ingest: the stream goes on
                // without this checkpoint (rebuilds then replay further, or answer that the history is not held),
                // and the next one is attempted after another interval.
                progress = progress with { Due = false, Batches = 0, Changes = 0 };
            }
        }
        _progress[key] = progress;
    }

    /// <summary>After a rollback the counts may include batches that did not commit: reload them when next needed.</summary>
    public void Forget() => _progress.Clear();

    private Progress Load(long connId, string streamId, long batchId)
    {
        _newest.Bind(1, connId).Bind(2, streamId);
        long lastCheckpoint, stateRows;
        try
        {
            // A stream without a checkpoint gets one at once: it marks where the stream's history starts.
            if (!_newest.Read()) return new Progress(true, 0, 0, 0);
            (lastCheckpoint, stateRows) = (_newest.Int64(0), _newest.Int64(1));
        }
        finally
        {
            _newest.Reset();
        }
        _since.Bind(1, connId).Bind(2, streamId).Bind(3, lastCheckpoint).Bind(4, batchId);
        try
        {
            _since.Read();
            return new Progress(false, (int)_since.Int64(0), _since.Int64(1), stateRows);
        }
        finally
        {
            _since.Reset();
        }
    }

    private long Write(long connId, string streamId, long batchId)
    {
        var rebuilt = _history.Rebuild(connId, streamId, long.MaxValue, batchId, _settings.MaxEventsPerProcess, Deadline.None);
        if (rebuilt.Status != StreamHistoryStatus.Held)
            return 0; // history before the last checkpoint is gone and there is no checkpoint: nothing sound to store
        var state = CheckpointCodec.Write(rebuilt.State);
        // Built from the stream's first stored batch: name it, so a rebuild can tell later whether it is still there.
        long? firstBatch = rebuilt.CheckpointBatchId is null ? _history.FirstBatchId(connId, streamId) : null;
        _insert.Bind(1, connId).Bind(2, streamId).Bind(3, batchId).Bind(4, rebuilt.LastBatchAtNs!.Value)
            .Bind(5, rebuilt.NextSeqNo!.Value).Bind(6, firstBatch).Bind(7, rebuilt.State.Rows).BindUtf8(8, state).Execute();
        return rebuilt.State.Rows;
    }

    public void Dispose()
    {
        _history.Dispose();
        _newest.Dispose();
        _since.Dispose();
        _insert.Dispose();
    }
}
