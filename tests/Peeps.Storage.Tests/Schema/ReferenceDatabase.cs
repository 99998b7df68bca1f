using Microsoft.Data.Sqlite;

namespace Peeps.Storage.Tests.Schema;

/// <summary>
/// Writes a database as the reference server leaves it: its ten tables at user_version 3, none of our additions,
/// with one row in each table.
/// </summary>
public static class ReferenceDatabase
{
    public static void Create(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE connections (conn_id INTEGER PRIMARY KEY, process_name TEXT NOT NULL, pid INTEGER NOT NULL,
                connected_at_ns INTEGER NOT NULL, disconnected_at_ns INTEGER);
            CREATE TABLE cuts (cut_id TEXT PRIMARY KEY, requested_at_ns INTEGER NOT NULL);
            CREATE TABLE cut_acks (cut_id TEXT NOT NULL, conn_id INTEGER NOT NULL, stream_id TEXT NOT NULL,
                next_seq_no INTEGER NOT NULL, received_at_ns INTEGER NOT NULL, PRIMARY KEY (cut_id, conn_id));
            CREATE TABLE stream_cursors (conn_id INTEGER NOT NULL, stream_id TEXT NOT NULL, next_seq_no INTEGER NOT NULL,
                updated_at_ns INTEGER NOT NULL, PRIMARY KEY (conn_id, stream_id));
            CREATE TABLE delta_batches (id INTEGER PRIMARY KEY AUTOINCREMENT, conn_id INTEGER NOT NULL, stream_id TEXT NOT NULL,
                from_seq_no INTEGER NOT NULL, next_seq_no INTEGER NOT NULL, truncated INTEGER NOT NULL,
                compacted_before_seq_no INTEGER, change_count INTEGER NOT NULL, payload_json TEXT NOT NULL,
                received_at_ns INTEGER NOT NULL);
            CREATE TABLE entities (conn_id INTEGER NOT NULL, stream_id TEXT NOT NULL, entity_id TEXT NOT NULL,
                entity_json TEXT NOT NULL, updated_at_ns INTEGER NOT NULL, PRIMARY KEY (conn_id, stream_id, entity_id));
            CREATE TABLE scopes (conn_id INTEGER NOT NULL, stream_id TEXT NOT NULL, scope_id TEXT NOT NULL,
                scope_json TEXT NOT NULL, updated_at_ns INTEGER NOT NULL, PRIMARY KEY (conn_id, stream_id, scope_id));
            CREATE TABLE entity_scope_links (conn_id INTEGER NOT NULL, stream_id TEXT NOT NULL, entity_id TEXT NOT NULL,
                scope_id TEXT NOT NULL, updated_at_ns INTEGER NOT NULL, PRIMARY KEY (conn_id, stream_id, entity_id, scope_id));
            CREATE TABLE edges (conn_id INTEGER NOT NULL, stream_id TEXT NOT NULL, src_id TEXT NOT NULL, dst_id TEXT NOT NULL,
                kind_json TEXT NOT NULL, edge_json TEXT NOT NULL, updated_at_ns INTEGER NOT NULL,
                PRIMARY KEY (conn_id, stream_id, src_id, dst_id, kind_json));
            CREATE TABLE events (conn_id INTEGER NOT NULL, stream_id TEXT NOT NULL, seq_no INTEGER NOT NULL,
                event_id TEXT NOT NULL, event_json TEXT NOT NULL, at_ms INTEGER NOT NULL, PRIMARY KEY (conn_id, stream_id, seq_no));

            INSERT INTO connections VALUES (3, 'worker-a', 12345, 10, 20);
            INSERT INTO cuts VALUES ('cut:7', 30);
            INSERT INTO cut_acks VALUES ('cut:7', 3, 'proc:12345', 5, 31);
            INSERT INTO stream_cursors VALUES (3, 'proc:12345', 5, 32);
            INSERT INTO delta_batches (conn_id, stream_id, from_seq_no, next_seq_no, truncated, compacted_before_seq_no,
                change_count, payload_json, received_at_ns) VALUES (3, 'proc:12345', 0, 5, 0, NULL, 5, '{}', 32);
            INSERT INTO entities VALUES (3, 'proc:12345', 'e1', '{"id":"e1","name":"old.send","body":"future"}', 32);
            INSERT INTO scopes VALUES (3, 'proc:12345', 's1', '{"id":"s1","name":"main"}', 32);
            INSERT INTO entity_scope_links VALUES (3, 'proc:12345', 'e1', 's1', 32);
            INSERT INTO edges VALUES (3, 'proc:12345', 'e1', 'e2', '"needs"', '{"src":"e1","dst":"e2","kind":"needs"}', 32);
            INSERT INTO events VALUES (3, 'proc:12345', 4, 'ev1', '{"id":"ev1"}', 99);
            PRAGMA user_version = 3;
            """;
        command.ExecuteNonQuery();
    }

    public static readonly string[] Tables =
    [
        "connections", "cuts", "cut_acks", "stream_cursors", "delta_batches", "entities", "scopes",
        "entity_scope_links", "edges", "events",
    ];
}
