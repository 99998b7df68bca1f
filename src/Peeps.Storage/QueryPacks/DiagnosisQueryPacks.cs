namespace Peeps.Storage.QueryPacks;

/// <summary>
/// Packs that answer "what is stuck?" from the tables, as SQL clients and agents ask it. Unlike the contract's
/// packs, every row names its process (<c>conn_id</c>, <c>process_name</c>) and only live connections count
/// (<c>connections.disconnected_at_ns IS NULL</c>): a closed connection's rows stay in the tables, and its old waits
/// are no one's problem now. They walk the wait-for graph of the diagnosis spec, as the diagnosis library does, built
/// in SQL: <c>needs</c> edges; a future's <c>needs</c> on a response of its own process turned round (the response
/// waits for the work producing it); and an <c>rpc_link</c> joined to the caller's <c>request</c> in another live
/// process, when exactly one has that id and the methods do not disagree. docs/api.md says how the answers differ
/// from <c>/api/snapshots/{id}/diagnosis</c>.
/// </summary>
public static class DiagnosisQueryPacks
{
    /// <summary>Steps a wait chain is followed, as the diagnosis's default <c>MaxChainDepth</c>.</summary>
    public const int MaxChainDepth = 32;

    /// <summary>
    /// <c>node</c>: the entities of live connections with name, body variant and rpc method. <c>wait</c>: the wait
    /// edges, each end an entity of a live connection (edges with a missing end are left out, as the diagnosis does).
    /// </summary>
    private const string WaitGraph = """
        WITH
        live AS (SELECT conn_id, process_name, pid FROM connections WHERE disconnected_at_ns IS NULL),
        node AS MATERIALIZED (
            SELECT en.conn_id, en.stream_id, en.entity_id, live.process_name,
                   json_extract(en.entity_json, '$.name') AS name,
                   CASE json_type(en.entity_json, '$.body')
                       WHEN 'text' THEN json_extract(en.entity_json, '$.body')
                       WHEN 'object' THEN (SELECT key FROM json_each(en.entity_json, '$.body') LIMIT 1)
                   END AS kind,
                   coalesce(json_extract(en.entity_json, '$.body.request.method'), json_extract(en.entity_json, '$.body.response.method')) AS method
            FROM entities AS en JOIN live ON live.conn_id = en.conn_id),
        needs AS (
            SELECT e.conn_id, e.stream_id, e.src_id, e.dst_id, e.updated_at_ns,
                   coalesce(s.kind = 'future' AND d.kind = 'response', 0) AS works_on
            FROM edges AS e
            JOIN node AS s ON s.conn_id = e.conn_id AND s.stream_id = e.stream_id AND s.entity_id = e.src_id
            JOIN node AS d ON d.conn_id = e.conn_id AND d.stream_id = e.stream_id AND d.entity_id = e.dst_id
            WHERE e.kind_json = '"needs"'),
        rpc AS (
            SELECT r.conn_id AS from_conn, r.stream_id AS from_stream, r.entity_id AS from_id,
                   e.conn_id AS to_conn, e.stream_id AS to_stream, e.dst_id AS to_id, e.updated_at_ns
            FROM edges AS e
            JOIN node AS p ON p.conn_id = e.conn_id AND p.stream_id = e.stream_id AND p.entity_id = e.dst_id
            JOIN node AS r ON r.entity_id = e.src_id AND r.conn_id <> e.conn_id AND r.kind = 'request'
                          AND (r.method IS NULL OR p.method IS NULL OR r.method = p.method)
            WHERE e.kind_json = '"rpc_link"'
              AND (SELECT count(*) FROM node AS other
                   WHERE other.entity_id = e.src_id AND other.conn_id <> e.conn_id AND other.kind = 'request'
                     AND (other.method IS NULL OR p.method IS NULL OR other.method = p.method)) = 1),
        wait AS MATERIALIZED (
            SELECT conn_id AS from_conn, stream_id AS from_stream, src_id AS from_id,
                   conn_id AS to_conn, stream_id AS to_stream, dst_id AS to_id, 'needs' AS edge_kind, updated_at_ns
            FROM needs WHERE NOT works_on
            UNION ALL
            SELECT conn_id, stream_id, dst_id, conn_id, stream_id, src_id, 'works_on', updated_at_ns FROM needs WHERE works_on
            UNION ALL
            SELECT from_conn, from_stream, from_id, to_conn, to_stream, to_id, 'rpc', updated_at_ns FROM rpc)
        """;

    /// <summary>One row per wait edge inside a cycle, the cycles numbered from 1 in the order of their smallest member.</summary>
    public static readonly QueryPack Deadlocks = new("deadlocks",
        ["deadlock", "conn_id", "process_name", "entity_id", "name", "kind", "edge_kind",
         "waits_on_conn_id", "waits_on_process_name", "waits_on_id", "waits_on_name", "waits_on_kind", "updated_at_ns"],
        $"""
        {WaitGraph},
        -- Only a node that waits and is waited on can be in a cycle; UNION (not UNION ALL) ends the walk once
        -- every pair is known, so the recursion is bounded by the graph, and by the SQL time bound.
        candidate AS (SELECT DISTINCT from_conn AS conn, from_stream AS stream, from_id AS id FROM wait
                      INTERSECT SELECT to_conn, to_stream, to_id FROM wait),
        reach(from_conn, from_stream, from_id, conn, stream, id) AS (
            SELECT w.from_conn, w.from_stream, w.from_id, w.to_conn, w.to_stream, w.to_id
            FROM wait AS w JOIN candidate AS c ON c.conn = w.from_conn AND c.stream = w.from_stream AND c.id = w.from_id
            UNION
            SELECT r.from_conn, r.from_stream, r.from_id, w.to_conn, w.to_stream, w.to_id
            FROM reach AS r JOIN wait AS w ON w.from_conn = r.conn AND w.from_stream = r.stream AND w.from_id = r.id),
        member AS (
            SELECT from_conn AS conn, from_stream AS stream, from_id AS id,
                   min(printf('%020d %s %s', conn, stream, id)) AS cycle_key
            FROM reach AS r
            WHERE EXISTS (SELECT 1 FROM reach AS back
                          WHERE back.from_conn = r.conn AND back.from_stream = r.stream AND back.from_id = r.id
                            AND back.conn = r.from_conn AND back.stream = r.from_stream AND back.id = r.from_id)
            GROUP BY from_conn, from_stream, from_id)
        SELECT dense_rank() OVER (ORDER BY m.cycle_key) AS deadlock,
               w.from_conn AS conn_id, s.process_name, w.from_id AS entity_id, s.name, s.kind, w.edge_kind,
               w.to_conn AS waits_on_conn_id, d.process_name AS waits_on_process_name, w.to_id AS waits_on_id,
               d.name AS waits_on_name, d.kind AS waits_on_kind, w.updated_at_ns
        FROM wait AS w
        JOIN member AS m ON m.conn = w.from_conn AND m.stream = w.from_stream AND m.id = w.from_id
        JOIN member AS t ON t.conn = w.to_conn AND t.stream = w.to_stream AND t.id = w.to_id AND t.cycle_key = m.cycle_key
        JOIN node AS s ON s.conn_id = w.from_conn AND s.stream_id = w.from_stream AND s.entity_id = w.from_id
        JOIN node AS d ON d.conn_id = w.to_conn AND d.stream_id = w.to_stream AND d.entity_id = w.to_id
        ORDER BY deadlock, w.from_conn, w.from_stream, w.from_id, w.to_conn, w.to_stream, w.to_id
        """);

    /// <summary>
    /// From every blocked entity that nothing waits on, its waits followed depth first, one row per step. <c>ends</c>
    /// says how a leaf ends: <c>root_blocker</c> (waits on nothing), <c>cycle</c> (back on its own path: a deadlock),
    /// <c>depth</c> (the bound).
    /// </summary>
    public static readonly QueryPack WaitChains = new("wait-chains",
        ["chain", "depth", "conn_id", "process_name", "entity_id", "name", "kind", "via", "process_hop", "ends", "head_waiting_since_ns"],
        $"""
        {WaitGraph},
        head AS (
            SELECT w.from_conn AS conn, w.from_stream AS stream, w.from_id AS id, min(w.updated_at_ns) AS since
            FROM wait AS w
            WHERE NOT EXISTS (SELECT 1 FROM wait AS i WHERE i.to_conn = w.from_conn AND i.to_stream = w.from_stream AND i.to_id = w.from_id)
            GROUP BY w.from_conn, w.from_stream, w.from_id),
        -- path holds every step's key ('/'-separated), which sorts a chain depth first and detects a step back onto it.
        step(head_key, since, depth, conn, stream, id, via, hop, path, revisit) AS (
            SELECT printf('%020d %020d %s %s', since, conn, stream, id), since, 0, conn, stream, id, NULL, 0,
                   printf('/%d %s %s/', conn, stream, id), 0
            FROM head
            UNION ALL
            SELECT s.head_key, s.since, s.depth + 1, w.to_conn, w.to_stream, w.to_id, w.edge_kind, w.to_conn <> s.conn,
                   s.path || printf('%d %s %s/', w.to_conn, w.to_stream, w.to_id),
                   instr(s.path, printf('/%d %s %s/', w.to_conn, w.to_stream, w.to_id)) > 0
            FROM step AS s JOIN wait AS w ON w.from_conn = s.conn AND w.from_stream = s.stream AND w.from_id = s.id
            WHERE s.depth < {MaxChainDepth} AND NOT s.revisit)
        SELECT dense_rank() OVER (ORDER BY s.head_key) AS chain, s.depth, s.conn AS conn_id, n.process_name, s.id AS entity_id,
               n.name, n.kind, s.via, s.hop AS process_hop,
               CASE
                   WHEN s.revisit THEN 'cycle'
                   WHEN NOT EXISTS (SELECT 1 FROM wait AS o WHERE o.from_conn = s.conn AND o.from_stream = s.stream AND o.from_id = s.id) THEN 'root_blocker'
                   WHEN s.depth = {MaxChainDepth} THEN 'depth'
               END AS ends,
               s.since AS head_waiting_since_ns
        FROM step AS s
        JOIN node AS n ON n.conn_id = s.conn AND n.stream_id = s.stream AND n.entity_id = s.id
        ORDER BY s.head_key, s.path
        """);

    /// <summary>Who blocks whom: per pair of processes (the waiter's, the waited-on's), the waits between them.</summary>
    public static readonly QueryPack BlockersByProcess = new("blockers-by-process",
        ["conn_id", "process_name", "pid", "blocked_on_conn_id", "blocked_on_process_name", "waits", "waiters", "oldest_wait_at_ns"],
        $"""
        {WaitGraph}
        SELECT w.from_conn AS conn_id, a.process_name, a.pid, w.to_conn AS blocked_on_conn_id, b.process_name AS blocked_on_process_name,
               count(*) AS waits, count(DISTINCT w.from_stream || char(0) || w.from_id) AS waiters, min(w.updated_at_ns) AS oldest_wait_at_ns
        FROM wait AS w
        JOIN live AS a ON a.conn_id = w.from_conn
        JOIN live AS b ON b.conn_id = w.to_conn
        GROUP BY w.from_conn, w.to_conn
        ORDER BY waits DESC, oldest_wait_at_ns, conn_id, blocked_on_conn_id
        """);

    /// <summary>The diagnosis packs, in the order docs/api.md lists them.</summary>
    public static readonly IReadOnlyList<QueryPack> All = [Deadlocks, WaitChains, BlockersByProcess];
}
