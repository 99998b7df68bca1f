using Peeps.Storage.Sqlite;
using SQLitePCL;

namespace Peeps.Storage.History;

/// <summary>
/// Rebuilds the graph as it was at a past instant from stored batches and checkpoints, on a read-only connection
/// inside one read transaction, so the processes, checkpoints and batches it reads are one consistent state even
/// while the writer (or retention) goes on.
/// </summary>
public sealed class GraphAtReader(StorageSettings storage, CheckpointSettings checkpoints)
{
    public GraphAt Read(long atNs, ProcessSelector? process, Deadline deadline)
    {
        using var connection = StoreConnections.OpenReadOnly(storage);
        var db = connection.Handle!;
        Raw.Exec(db, "BEGIN");
        try
        {
            using var history = new StreamHistory(db);
            var processes = new List<ProcessAt>();
            foreach (var (connId, name, pid, connectedAt, disconnectedAt) in ConnectionsAlive(db, atNs))
            {
                if (process is not null && !process.Matches(connId, name)) continue;
                var streams = new List<RebuiltStream>();
                foreach (var streamId in StreamsOf(db, connId))
                {
                    deadline.ThrowIfPassed();
                    streams.Add(history.Rebuild(connId, streamId, atNs, long.MaxValue, checkpoints.MaxEventsPerProcess, deadline));
                }
                processes.Add(new ProcessAt(connId, name, pid, connectedAt, disconnectedAt, streams));
            }
            return new GraphAt(atNs, processes);
        }
        finally
        {
            raw.sqlite3_exec(db, "ROLLBACK");
        }
    }

    private static List<(long ConnId, string Name, long Pid, long ConnectedAt, long? DisconnectedAt)> ConnectionsAlive(sqlite3 db, long atNs)
    {
        using var query = new PreparedStatement(db, """
            SELECT conn_id, process_name, pid, connected_at_ns, disconnected_at_ns FROM connections
            WHERE connected_at_ns <= ?1 AND (disconnected_at_ns IS NULL OR disconnected_at_ns > ?1)
            ORDER BY conn_id
            """);
        query.Bind(1, atNs);
        var rows = new List<(long, string, long, long, long?)>();
        while (query.Read())
            rows.Add((query.Int64(0), query.Text(1), query.Int64(2), query.Int64(3), query.IsNull(4) ? null : query.Int64(4)));
        query.Reset();
        return rows;
    }

    private static List<string> StreamsOf(sqlite3 db, long connId)
    {
        // A stream's cursor row is written with its first batch; its checkpoints outlive the cursor if retention removes it.
        using var query = new PreparedStatement(db, """
            SELECT stream_id FROM stream_cursors WHERE conn_id = ?1
            UNION SELECT stream_id FROM stream_checkpoints WHERE conn_id = ?1
            ORDER BY 1
            """);
        query.Bind(1, connId);
        var streams = new List<string>();
        while (query.Read())
            streams.Add(query.Text(0));
        query.Reset();
        return streams;
    }
}
