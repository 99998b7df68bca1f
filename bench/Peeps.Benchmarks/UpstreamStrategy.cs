using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using Peeps.Storage;
using Peeps.Storage.Schema;
using Peeps.Wire.Messages;

namespace Peeps.Benchmarks;

/// <summary>
/// What the upstream server does for every batch: open a new connection, begin a transaction, run each change as
/// a freshly built (so freshly prepared) ADO.NET command with the JSON bound as text, commit, close. One writer at a
/// time, so no batch fails with "database is locked" here; upstream's concurrent writers lose some besides.
/// Runs on our schema, or on upstream's own: the same tables without the indexes our migrations add, so that
/// the edge side of an entity removal scans the stream's edges as it does upstream.
/// </summary>
public static class UpstreamStrategy
{
    private static readonly string[] AddedIndexes = ["edges_by_dst", "entity_scope_links_by_scope", "edges_by_kind_time"];

    public static StoreResult Run(Corpus corpus, string databasePath, bool upstreamSchema)
    {
        StoreInitializer.Initialize(new StorageSettings { DatabasePath = databasePath });
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString();
        if (upstreamSchema)
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            foreach (var index in AddedIndexes) Execute(connection, null, $"DROP INDEX {index}");
        }
        var receivedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var cpu = ThreadClock.RunTime();
        var clock = Stopwatch.StartNew();
        foreach (var batch in corpus.Batches)
            WriteBatch(connectionString, batch.Process + 1, batch.Batch, receivedAt);
        clock.Stop();
        return new StoreResult(
            upstreamSchema
                ? "upstream strategy on upstream's schema (no added indexes)"
                : "upstream strategy (connection + transaction + fresh commands per batch)",
            corpus.Changes, corpus.Batches.Count, corpus.Batches.Count, clock.Elapsed, ThreadClock.RunTime() - cpu, StoreFiles.Size(databasePath));
    }

    private static void WriteBatch(string connectionString, long connId, DeltaBatch batch, long at)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, null, "PRAGMA synchronous = NORMAL");
        using var tx = connection.BeginTransaction();
        var stream = batch.StreamId;
        foreach (var change in batch.Changes)
        {
            switch (change)
            {
                case UpsertEntity c:
                    Execute(connection, tx, """
                        INSERT INTO entities (conn_id, stream_id, entity_id, entity_json, updated_at_ns) VALUES ($c, $s, $id, $json, $at)
                        ON CONFLICT (conn_id, stream_id, entity_id) DO UPDATE SET entity_json = excluded.entity_json, updated_at_ns = excluded.updated_at_ns
                        """, ("$c", connId), ("$s", stream), ("$id", c.Id), ("$json", Text(c.Json)), ("$at", at));
                    break;
                case RemoveEntity c:
                    Execute(connection, tx, "DELETE FROM entities WHERE conn_id = $c AND stream_id = $s AND entity_id = $id",
                        ("$c", connId), ("$s", stream), ("$id", c.Id));
                    Execute(connection, tx, "DELETE FROM entity_scope_links WHERE conn_id = $c AND stream_id = $s AND entity_id = $id",
                        ("$c", connId), ("$s", stream), ("$id", c.Id));
                    Execute(connection, tx, "DELETE FROM edges WHERE conn_id = $c AND stream_id = $s AND (src_id = $id OR dst_id = $id)",
                        ("$c", connId), ("$s", stream), ("$id", c.Id));
                    break;
                case UpsertScope c:
                    Execute(connection, tx, """
                        INSERT INTO scopes (conn_id, stream_id, scope_id, scope_json, updated_at_ns) VALUES ($c, $s, $id, $json, $at)
                        ON CONFLICT (conn_id, stream_id, scope_id) DO UPDATE SET scope_json = excluded.scope_json, updated_at_ns = excluded.updated_at_ns
                        """, ("$c", connId), ("$s", stream), ("$id", c.Id), ("$json", Text(c.Json)), ("$at", at));
                    break;
                case RemoveScope c:
                    Execute(connection, tx, "DELETE FROM scopes WHERE conn_id = $c AND stream_id = $s AND scope_id = $id",
                        ("$c", connId), ("$s", stream), ("$id", c.Id));
                    Execute(connection, tx, "DELETE FROM entity_scope_links WHERE conn_id = $c AND stream_id = $s AND scope_id = $id",
                        ("$c", connId), ("$s", stream), ("$id", c.Id));
                    break;
                case UpsertEntityScopeLink c:
                    Execute(connection, tx, """
                        INSERT INTO entity_scope_links (conn_id, stream_id, entity_id, scope_id, updated_at_ns) VALUES ($c, $s, $e, $sc, $at)
                        ON CONFLICT (conn_id, stream_id, entity_id, scope_id) DO UPDATE SET updated_at_ns = excluded.updated_at_ns
                        """, ("$c", connId), ("$s", stream), ("$e", c.EntityId), ("$sc", c.ScopeId), ("$at", at));
                    break;
                case RemoveEntityScopeLink c:
                    Execute(connection, tx, "DELETE FROM entity_scope_links WHERE conn_id = $c AND stream_id = $s AND entity_id = $e AND scope_id = $sc",
                        ("$c", connId), ("$s", stream), ("$e", c.EntityId), ("$sc", c.ScopeId));
                    break;
                case UpsertEdge c:
                    Execute(connection, tx, """
                        INSERT INTO edges (conn_id, stream_id, src_id, dst_id, kind_json, edge_json, updated_at_ns) VALUES ($c, $s, $src, $dst, $k, $json, $at)
                        ON CONFLICT (conn_id, stream_id, src_id, dst_id, kind_json) DO UPDATE SET edge_json = excluded.edge_json, updated_at_ns = excluded.updated_at_ns
                        """, ("$c", connId), ("$s", stream), ("$src", c.Src), ("$dst", c.Dst), ("$k", c.KindJson), ("$json", Text(c.Json)), ("$at", at));
                    break;
                case RemoveEdge c:
                    Execute(connection, tx, "DELETE FROM edges WHERE conn_id = $c AND stream_id = $s AND src_id = $src AND dst_id = $dst AND kind_json = $k",
                        ("$c", connId), ("$s", stream), ("$src", c.Src), ("$dst", c.Dst), ("$k", c.KindJson));
                    break;
                case AppendEvent c:
                    Execute(connection, tx, """
                        INSERT INTO events (conn_id, stream_id, seq_no, event_id, event_json, at_ms) VALUES ($c, $s, $seq, $id, $json, $at)
                        ON CONFLICT (conn_id, stream_id, seq_no) DO UPDATE SET event_id = excluded.event_id, event_json = excluded.event_json, at_ms = excluded.at_ms
                        """, ("$c", connId), ("$s", stream), ("$seq", (long)c.SeqNo), ("$id", c.Id), ("$json", Text(c.Json)), ("$at", (long)c.At));
                    break;
            }
        }
        Execute(connection, tx, """
            INSERT INTO delta_batches (conn_id, stream_id, from_seq_no, next_seq_no, truncated, compacted_before_seq_no, change_count, payload_json, received_at_ns)
            VALUES ($c, $s, $from, $next, $t, $comp, $n, $json, $at)
            """, ("$c", connId), ("$s", stream), ("$from", (long)batch.FromSeqNo), ("$next", (long)batch.NextSeqNo), ("$t", batch.Truncated ? 1L : 0L),
            ("$comp", batch.CompactedBeforeSeqNo is { } before ? (long)before : DBNull.Value), ("$n", (long)batch.Changes.Count),
            ("$json", Text(batch.PayloadJson)), ("$at", at));
        Execute(connection, tx, """
            INSERT INTO stream_cursors (conn_id, stream_id, next_seq_no, updated_at_ns) VALUES ($c, $s, $next, $at)
            ON CONFLICT (conn_id, stream_id) DO UPDATE SET next_seq_no = excluded.next_seq_no, updated_at_ns = excluded.updated_at_ns
            """, ("$c", connId), ("$s", stream), ("$next", (long)batch.NextSeqNo), ("$at", at));
        tx.Commit();
    }

    private static string Text(ReadOnlyMemory<byte> utf8) => Encoding.UTF8.GetString(utf8.Span);

    private static void Execute(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }
}
