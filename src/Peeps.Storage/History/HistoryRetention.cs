using Peeps.Storage.Sqlite;
using SQLitePCL;

namespace Peeps.Storage.History;

/// <summary>
/// For one stream, the oldest history a rebuild at or after a retention cutoff still needs: the newest checkpoint
/// at or before the cutoff. Its batch and every later batch of the stream, and the checkpoint itself, must stay;
/// the stream's batches with <c>id</c> &lt;= <see cref="CheckpointBatchId"/> and its older checkpoints may go.
/// </summary>
public sealed record StreamRetentionBoundary(long ConnId, string StreamId, long CheckpointBatchId, long CheckpointAtNs);

/// <summary>What retention must keep for rebuilds of the graph at a past instant to stay correct.</summary>
public static class HistoryRetention
{
    /// <summary>
    /// Per stream, the newest checkpoint at or before <paramref name="cutoffNs"/> (see <see cref="StreamRetentionBoundary"/>).
    /// A stream missing from the answer has no checkpoint that old: every one of its batches newer than the cutoff
    /// needs nothing older, and a stream written before checkpoints existed has only its batches, all needed.
    /// After deleting, a rebuild at an instant before a stream's oldest kept checkpoint answers that the history is
    /// not held (it checks the batch its oldest checkpoint was built from, so it needs no cooperation).
    /// </summary>
    public static IReadOnlyList<StreamRetentionBoundary> OldestNeeded(sqlite3 db, long cutoffNs)
    {
        // SQLite takes the bare columns of a max() aggregate from the row holding the maximum.
        using var query = new PreparedStatement(db, """
            SELECT conn_id, stream_id, max(batch_id), at_ns FROM stream_checkpoints WHERE at_ns <= ?1
            GROUP BY conn_id, stream_id ORDER BY conn_id, stream_id
            """);
        query.Bind(1, cutoffNs);
        var boundaries = new List<StreamRetentionBoundary>();
        while (query.Read())
            boundaries.Add(new StreamRetentionBoundary(query.Int64(0), query.Text(1), query.Int64(2), query.Int64(3)));
        query.Reset();
        return boundaries;
    }

    /// <summary>The same, read on a connection of its own (for callers outside the writer).</summary>
    public static IReadOnlyList<StreamRetentionBoundary> OldestNeeded(StorageSettings storage, long cutoffNs)
    {
        using var connection = StoreConnections.OpenReadOnly(storage);
        return OldestNeeded(connection.Handle!, cutoffNs);
    }
}
