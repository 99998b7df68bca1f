namespace Peeps.Storage.QueryPacks;

/// <summary>
/// The canonical query packs. Every join stays within one (conn_id, stream_id): entity ids are unique per process
/// only. Ties in the specified order are broken by key so results are stable from one call to the next.
/// </summary>
public static class QueryPackCatalog
{
    /// <summary>Joins each needs edge to its waiter (w) and the entity it waits on (b); either may be unknown.</summary>
    private const string NeedsEdges = """
        FROM edges AS e
        LEFT JOIN entities AS w ON w.conn_id = e.conn_id AND w.stream_id = e.stream_id AND w.entity_id = e.src_id
        LEFT JOIN entities AS b ON b.conn_id = e.conn_id AND b.stream_id = e.stream_id AND b.entity_id = e.dst_id
        WHERE e.kind_json = '"needs"'
        """;

    private const string EdgeKey = "e.conn_id, e.stream_id, e.src_id, e.dst_id";

    /// <summary>
    /// A waiter that is a future named <c>*.suffix</c>, matched with LIKE as upstream does, so ASCII case is ignored
    /// (<c>x.Send</c> counts); the suffixes hold no <c>%</c> or <c>_</c>, so nothing else in them is a wildcard.
    /// </summary>
    private static string FutureNamed(string suffix) => $"""
          AND json_extract(w.entity_json, '$.body') = 'future'
          AND json_extract(w.entity_json, '$.name') LIKE '%{suffix}'
        """;

    /// <summary>The channel_tx or channel_rx body of an entity as JSON text, else null.</summary>
    private const string ChannelBodies = """
        WITH channels AS (
            SELECT conn_id, stream_id, entity_id,
                   json_extract(entity_json, '$.name') AS name,
                   coalesce(json_extract(entity_json, '$.body.channel_tx'), json_extract(entity_json, '$.body.channel_rx')) AS body
            FROM entities
            WHERE json_type(entity_json, '$.body.channel_tx') = 'object' OR json_type(entity_json, '$.body.channel_rx') = 'object'
        )
        """;

    public static readonly QueryPack Blockers = new("blockers",
        ["waiter_id", "waiter_name", "blocked_on_id", "blocked_on_name", "kind_json"],
        $"""
        SELECT e.src_id AS waiter_id, json_extract(w.entity_json, '$.name') AS waiter_name,
               e.dst_id AS blocked_on_id, json_extract(b.entity_json, '$.name') AS blocked_on_name, e.kind_json
        {NeedsEdges}
        ORDER BY e.updated_at_ns DESC, {EdgeKey}
        """);

    public static readonly QueryPack BlockedSenders = new("blocked-senders",
        ["send_future_id", "send_name", "waiting_on_entity_id", "waiting_on_name", "updated_at_ns"],
        $"""
        SELECT e.src_id AS send_future_id, json_extract(w.entity_json, '$.name') AS send_name,
               e.dst_id AS waiting_on_entity_id, json_extract(b.entity_json, '$.name') AS waiting_on_name, e.updated_at_ns
        {NeedsEdges}
        {FutureNamed(".send")}
        ORDER BY e.updated_at_ns DESC, {EdgeKey}
        """);

    public static readonly QueryPack BlockedReceivers = new("blocked-receivers",
        ["recv_future_id", "recv_name", "waiting_on_entity_id", "waiting_on_name", "updated_at_ns"],
        $"""
        SELECT e.src_id AS recv_future_id, json_extract(w.entity_json, '$.name') AS recv_name,
               e.dst_id AS waiting_on_entity_id, json_extract(b.entity_json, '$.name') AS waiting_on_name, e.updated_at_ns
        {NeedsEdges}
        {FutureNamed(".recv")}
        ORDER BY e.updated_at_ns DESC, {EdgeKey}
        """);

    public static readonly QueryPack StalledSends = new("stalled-sends",
        ["send_future_id", "send_name", "waiting_on_entity_id", "waiting_on_name"],
        $"""
        SELECT e.src_id AS send_future_id, json_extract(w.entity_json, '$.name') AS send_name,
               e.dst_id AS waiting_on_entity_id, json_extract(b.entity_json, '$.name') AS waiting_on_name
        {NeedsEdges}
        {FutureNamed(".send")}
        ORDER BY e.updated_at_ns DESC, {EdgeKey}
        """);

    public static readonly QueryPack ChannelPressure = new("channel-pressure",
        ["entity_id", "name", "capacity", "occupancy", "utilization"],
        $"""
        {ChannelBodies}
        SELECT entity_id, name, capacity, occupancy,
               CASE WHEN capacity > 0 THEN CAST(occupancy AS REAL) / capacity END AS utilization
        FROM (
            SELECT conn_id, stream_id, entity_id, name,
                   json_extract(body, '$.details.mpsc.buffer.capacity') AS capacity,
                   json_extract(body, '$.details.mpsc.buffer.occupancy') AS occupancy
            FROM channels
            WHERE json_type(body, '$.details.mpsc') IS NOT NULL)
        ORDER BY utilization DESC, name, conn_id, stream_id, entity_id
        """);

    public static readonly QueryPack ChannelHealth = new("channel-health",
        ["entity_id", "name", "lifecycle", "capacity", "occupancy"],
        $"""
        {ChannelBodies}
        SELECT entity_id, name,
               json_extract(body, '$.lifecycle') AS lifecycle,
               json_extract(body, '$.details.mpsc.buffer.capacity') AS capacity,
               json_extract(body, '$.details.mpsc.buffer.occupancy') AS occupancy
        FROM channels
        ORDER BY name, conn_id, stream_id, entity_id
        """);

    public static readonly QueryPack ScopeMembership = new("scope-membership",
        ["scope_id", "scope_name", "entity_id", "entity_name"],
        """
        SELECT l.scope_id, json_extract(s.scope_json, '$.name') AS scope_name,
               l.entity_id, json_extract(en.entity_json, '$.name') AS entity_name
        FROM entity_scope_links AS l
        LEFT JOIN scopes AS s ON s.conn_id = l.conn_id AND s.stream_id = l.stream_id AND s.scope_id = l.scope_id
        LEFT JOIN entities AS en ON en.conn_id = l.conn_id AND en.stream_id = l.stream_id AND en.entity_id = l.entity_id
        ORDER BY scope_name, entity_name, l.conn_id, l.stream_id, l.scope_id, l.entity_id
        """);

    public static readonly QueryPack StaleBlockers = new("stale-blockers",
        ["waiter_id", "waiter_name", "blocked_on_id", "blocked_on_name", "updated_at_ns"],
        $"""
        SELECT e.src_id AS waiter_id, json_extract(w.entity_json, '$.name') AS waiter_name,
               e.dst_id AS blocked_on_id, json_extract(b.entity_json, '$.name') AS blocked_on_name, e.updated_at_ns
        {NeedsEdges}
        ORDER BY e.updated_at_ns ASC, {EdgeKey}
        """);

    /// <summary>Every pack, in the contract's order.</summary>
    public static readonly IReadOnlyList<QueryPack> All =
        [Blockers, BlockedSenders, BlockedReceivers, StalledSends, ChannelPressure, ChannelHealth, ScopeMembership, StaleBlockers];

    /// <summary>Every pack a client can name: the contract's, then ours (<see cref="DiagnosisQueryPacks"/>).</summary>
    public static readonly IReadOnlyList<QueryPack> Named = [.. All, .. DiagnosisQueryPacks.All];

    public static QueryPack? Find(string name) => Named.FirstOrDefault(p => p.Name == name);
}
