namespace Peeps.Storage.Schema;

/// <summary>
/// The schema history. Versions 1 to 3 collapse into one step because version 3 is the reference server's table
/// set, the oldest layout we can meet on disk (its databases at version 3 are migrated forward from there).
/// Steps only ever add: a step that dropped or rewrote user data would defeat the point of migrating.
/// </summary>
internal static class Migrations
{
    /// <summary>The reference server's schema version; files below it predate anything we know how to read.</summary>
    public const int ReferenceVersion = 3;

    public static readonly IReadOnlyList<Migration> Steps =
    [
        new(ReferenceVersion, "reference table set", """
            CREATE TABLE IF NOT EXISTS connections (
                conn_id INTEGER PRIMARY KEY,
                process_name TEXT NOT NULL,
                pid INTEGER NOT NULL,
                connected_at_ns INTEGER NOT NULL,
                disconnected_at_ns INTEGER
            );
            CREATE TABLE IF NOT EXISTS cuts (
                cut_id TEXT PRIMARY KEY,
                requested_at_ns INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS cut_acks (
                cut_id TEXT NOT NULL,
                conn_id INTEGER NOT NULL,
                stream_id TEXT NOT NULL,
                next_seq_no INTEGER NOT NULL,
                received_at_ns INTEGER NOT NULL,
                PRIMARY KEY (cut_id, conn_id)
            );
            CREATE TABLE IF NOT EXISTS stream_cursors (
                conn_id INTEGER NOT NULL,
                stream_id TEXT NOT NULL,
                next_seq_no INTEGER NOT NULL,
                updated_at_ns INTEGER NOT NULL,
                PRIMARY KEY (conn_id, stream_id)
            );
            CREATE TABLE IF NOT EXISTS delta_batches (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                conn_id INTEGER NOT NULL,
                stream_id TEXT NOT NULL,
                from_seq_no INTEGER NOT NULL,
                next_seq_no INTEGER NOT NULL,
                truncated INTEGER NOT NULL,
                compacted_before_seq_no INTEGER,
                change_count INTEGER NOT NULL,
                payload_json TEXT NOT NULL,
                received_at_ns INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS entities (
                conn_id INTEGER NOT NULL,
                stream_id TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                entity_json TEXT NOT NULL,
                updated_at_ns INTEGER NOT NULL,
                PRIMARY KEY (conn_id, stream_id, entity_id)
            );
            CREATE TABLE IF NOT EXISTS scopes (
                conn_id INTEGER NOT NULL,
                stream_id TEXT NOT NULL,
                scope_id TEXT NOT NULL,
                scope_json TEXT NOT NULL,
                updated_at_ns INTEGER NOT NULL,
                PRIMARY KEY (conn_id, stream_id, scope_id)
            );
            CREATE TABLE IF NOT EXISTS entity_scope_links (
                conn_id INTEGER NOT NULL,
                stream_id TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                scope_id TEXT NOT NULL,
                updated_at_ns INTEGER NOT NULL,
                PRIMARY KEY (conn_id, stream_id, entity_id, scope_id)
            );
            CREATE TABLE IF NOT EXISTS edges (
                conn_id INTEGER NOT NULL,
                stream_id TEXT NOT NULL,
                src_id TEXT NOT NULL,
                dst_id TEXT NOT NULL,
                kind_json TEXT NOT NULL,
                edge_json TEXT NOT NULL,
                updated_at_ns INTEGER NOT NULL,
                PRIMARY KEY (conn_id, stream_id, src_id, dst_id, kind_json)
            );
            CREATE TABLE IF NOT EXISTS events (
                conn_id INTEGER NOT NULL,
                stream_id TEXT NOT NULL,
                seq_no INTEGER NOT NULL,
                event_id TEXT NOT NULL,
                event_json TEXT NOT NULL,
                at_ms INTEGER NOT NULL,
                PRIMARY KEY (conn_id, stream_id, seq_no)
            );
            """),
        new(4, "indexes for cascades and query packs", """
            -- remove_entity deletes edges by dst as well as by src; the primary key only serves src.
            CREATE INDEX IF NOT EXISTS edges_by_dst ON edges (conn_id, stream_id, dst_id);
            -- remove_scope deletes links by scope; the primary key only serves entity.
            CREATE INDEX IF NOT EXISTS entity_scope_links_by_scope ON entity_scope_links (conn_id, stream_id, scope_id);
            -- blockers and stale-blockers order needs edges by time.
            CREATE INDEX IF NOT EXISTS edges_by_kind_time ON edges (kind_json, updated_at_ns);
            """),
        new(5, "snapshot history", """
            CREATE TABLE IF NOT EXISTS snapshots (
                snapshot_id INTEGER PRIMARY KEY,
                requested_at_ns INTEGER NOT NULL,
                completed_at_ns INTEGER NOT NULL,
                timeout_ms INTEGER NOT NULL,
                requested_connections INTEGER NOT NULL,
                replied INTEGER NOT NULL,
                timed_out INTEGER NOT NULL,
                result_json TEXT NOT NULL,
                result_bytes INTEGER NOT NULL
            );
            """),
        new(6, "indexes for retention", """
            -- Retention deletes the oldest batches first and reads the oldest instant still held.
            CREATE INDEX IF NOT EXISTS delta_batches_by_time ON delta_batches (received_at_ns);
            -- A connection closed long ago has its batches removed by conn_id.
            CREATE INDEX IF NOT EXISTS delta_batches_by_stream ON delta_batches (conn_id, stream_id, next_seq_no);
            """),
        new(7, "stream checkpoints for the graph at a past instant", """
            -- A stream's state after batch batch_id (received at at_ns), so a rebuild replays only the batches after it.
            -- first_batch_id names the stream's first batch when the state was replayed from it (see StreamHistory).
            CREATE TABLE IF NOT EXISTS stream_checkpoints (
                conn_id INTEGER NOT NULL,
                stream_id TEXT NOT NULL,
                batch_id INTEGER NOT NULL,
                at_ns INTEGER NOT NULL,
                next_seq_no INTEGER NOT NULL,
                first_batch_id INTEGER,
                state_rows INTEGER NOT NULL,
                state_json TEXT NOT NULL,
                PRIMARY KEY (conn_id, stream_id, batch_id)
            );
            -- Replays read one stream's batches in order from a checkpoint; without this they scan every stream's.
            CREATE INDEX IF NOT EXISTS delta_batches_by_stream_batch ON delta_batches (conn_id, stream_id, id);
            """),
    ];

    public static int Latest => Steps[^1].Version;
}
