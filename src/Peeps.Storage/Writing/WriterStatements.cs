using Peeps.Storage.Sqlite;
using SQLitePCL;

namespace Peeps.Storage.Writing;

/// <summary>Every statement the writer runs, prepared once for the life of the connection.</summary>
internal sealed class WriterStatements : IDisposable
{
    private readonly List<PreparedStatement> _all = [];

    private readonly sqlite3 _db;

    public WriterStatements(sqlite3 db)
    {
        _db = db;
        PreparedStatement Prepare(string sql)
        {
            var statement = new PreparedStatement(db, sql);
            _all.Add(statement);
            return statement;
        }

        OpenConnection = Prepare("""
            INSERT INTO connections (conn_id, process_name, pid, connected_at_ns, disconnected_at_ns)
            VALUES (?1, 'unknown-' || ?1, 0, ?2, NULL)
            """);
        IdentifyConnection = Prepare("UPDATE connections SET process_name = ?2, pid = ?3 WHERE conn_id = ?1");
        CloseConnection = Prepare("UPDATE connections SET disconnected_at_ns = ?2 WHERE conn_id = ?1");
        CloseEarlierRunConnections = Prepare("""
            UPDATE connections
            SET disconnected_at_ns = MAX(connected_at_ns,
                COALESCE((SELECT MAX(updated_at_ns) FROM stream_cursors s WHERE s.conn_id = connections.conn_id), connected_at_ns))
            WHERE conn_id <= ?1 AND disconnected_at_ns IS NULL
            """);
        InsertCut = Prepare("INSERT INTO cuts (cut_id, requested_at_ns) VALUES (?1, ?2)");
        UpsertCutAck = Prepare("""
            INSERT INTO cut_acks (cut_id, conn_id, stream_id, next_seq_no, received_at_ns) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (cut_id, conn_id) DO UPDATE
            SET stream_id = excluded.stream_id, next_seq_no = excluded.next_seq_no, received_at_ns = excluded.received_at_ns
            """);
        InsertBatch = Prepare("""
            INSERT INTO delta_batches (conn_id, stream_id, from_seq_no, next_seq_no, truncated,
                                       compacted_before_seq_no, change_count, payload_json, received_at_ns)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """);
        UpsertCursor = Prepare("""
            INSERT INTO stream_cursors (conn_id, stream_id, next_seq_no, updated_at_ns) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (conn_id, stream_id) DO UPDATE
            SET next_seq_no = excluded.next_seq_no, updated_at_ns = excluded.updated_at_ns
            """);
        UpsertEntity = Prepare("""
            INSERT INTO entities (conn_id, stream_id, entity_id, entity_json, updated_at_ns) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (conn_id, stream_id, entity_id) DO UPDATE
            SET entity_json = excluded.entity_json, updated_at_ns = excluded.updated_at_ns
            """);
        DeleteEntity = Prepare("DELETE FROM entities WHERE conn_id = ?1 AND stream_id = ?2 AND entity_id = ?3");
        DeleteLinksOfEntity = Prepare("DELETE FROM entity_scope_links WHERE conn_id = ?1 AND stream_id = ?2 AND entity_id = ?3");
        // Two statements rather than "src_id = ? OR dst_id = ?": each side then uses its own index.
        DeleteEdgesFrom = Prepare("DELETE FROM edges WHERE conn_id = ?1 AND stream_id = ?2 AND src_id = ?3");
        DeleteEdgesTo = Prepare("DELETE FROM edges WHERE conn_id = ?1 AND stream_id = ?2 AND dst_id = ?3");
        UpsertScope = Prepare("""
            INSERT INTO scopes (conn_id, stream_id, scope_id, scope_json, updated_at_ns) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (conn_id, stream_id, scope_id) DO UPDATE
            SET scope_json = excluded.scope_json, updated_at_ns = excluded.updated_at_ns
            """);
        DeleteScope = Prepare("DELETE FROM scopes WHERE conn_id = ?1 AND stream_id = ?2 AND scope_id = ?3");
        DeleteLinksOfScope = Prepare("DELETE FROM entity_scope_links WHERE conn_id = ?1 AND stream_id = ?2 AND scope_id = ?3");
        UpsertLink = Prepare("""
            INSERT INTO entity_scope_links (conn_id, stream_id, entity_id, scope_id, updated_at_ns) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (conn_id, stream_id, entity_id, scope_id) DO UPDATE SET updated_at_ns = excluded.updated_at_ns
            """);
        DeleteLink = Prepare("""
            DELETE FROM entity_scope_links WHERE conn_id = ?1 AND stream_id = ?2 AND entity_id = ?3 AND scope_id = ?4
            """);
        UpsertEdge = Prepare("""
            INSERT INTO edges (conn_id, stream_id, src_id, dst_id, kind_json, edge_json, updated_at_ns)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT (conn_id, stream_id, src_id, dst_id, kind_json) DO UPDATE
            SET edge_json = excluded.edge_json, updated_at_ns = excluded.updated_at_ns
            """);
        DeleteEdge = Prepare("""
            DELETE FROM edges WHERE conn_id = ?1 AND stream_id = ?2 AND src_id = ?3 AND dst_id = ?4 AND kind_json = ?5
            """);
        UpsertEvent = Prepare("""
            INSERT INTO events (conn_id, stream_id, seq_no, event_id, event_json, at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (conn_id, stream_id, seq_no) DO UPDATE
            SET event_id = excluded.event_id, event_json = excluded.event_json, at_ms = excluded.at_ms
            """);
        InsertSnapshot = Prepare("""
            INSERT INTO snapshots (snapshot_id, requested_at_ns, completed_at_ns, timeout_ms, requested_connections,
                                   replied, timed_out, result_json, result_bytes)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """);
        // Newest completed first (snapshots finish out of id order: a long timeout finishes after later ids), a
        // snapshot goes once it is beyond the count or pushes the running size over the byte budget. Rank 1 always
        // stays, and so does the row just inserted (snapshot_id is the rowid), so a snapshot just answered is readable.
        PruneSnapshots = Prepare("""
            DELETE FROM snapshots WHERE snapshot_id IN (
                SELECT snapshot_id FROM (
                    SELECT snapshot_id,
                           ROW_NUMBER() OVER newest_first AS rank,
                           SUM(result_bytes) OVER newest_first AS running_bytes
                    FROM snapshots
                    WINDOW newest_first AS (ORDER BY completed_at_ns DESC, snapshot_id DESC ROWS UNBOUNDED PRECEDING))
                WHERE rank > 1 AND snapshot_id <> last_insert_rowid() AND (rank > ?1 OR running_bytes > ?2))
            """);
    }

    public PreparedStatement OpenConnection { get; }
    public PreparedStatement IdentifyConnection { get; }
    public PreparedStatement CloseConnection { get; }
    public PreparedStatement InsertCut { get; }
    public PreparedStatement CloseEarlierRunConnections { get; }
    public PreparedStatement UpsertCutAck { get; }
    public PreparedStatement InsertBatch { get; }
    public PreparedStatement UpsertCursor { get; }
    public PreparedStatement UpsertEntity { get; }
    public PreparedStatement DeleteEntity { get; }
    public PreparedStatement DeleteLinksOfEntity { get; }
    public PreparedStatement DeleteEdgesFrom { get; }
    public PreparedStatement DeleteEdgesTo { get; }
    public PreparedStatement UpsertScope { get; }
    public PreparedStatement DeleteScope { get; }
    public PreparedStatement DeleteLinksOfScope { get; }
    public PreparedStatement UpsertLink { get; }
    public PreparedStatement DeleteLink { get; }
    public PreparedStatement UpsertEdge { get; }
    public PreparedStatement DeleteEdge { get; }
    public PreparedStatement UpsertEvent { get; }
    public PreparedStatement InsertSnapshot { get; }
    public PreparedStatement PruneSnapshots { get; }

    /// <summary>The rowid of the last row inserted on the writer's connection (by a plain insert, not an upsert's update).</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    public void Dispose()
    {
        foreach (var statement in _all)
            statement.Dispose();
    }
}
