using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Server;
using Peeps.Diagnosis;
using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Reading;
using Peeps.Diagnosis.Reports;
using Peeps.Storage.Reading;
using Peeps.Web.Diagnosis;

namespace Peeps.Web.Mcp;

/// <summary>One entity of a stored snapshot, in general, as a channel end, or as a task.</summary>
[McpServerToolType]
public sealed class EntityTools
{
    private const int MaxEvents = 20;

    [McpServerTool(Name = "entity", ReadOnly = true, Idempotent = true)]
    [Description("""
        Reads one entity of one process from a stored snapshot: its body and meta exactly as the process sent them,
        its source location, age and state, every edge touching it (needs, polls, channel_link, rpc_link, closed_by),
        its newest events (up to 20) and the scopes (process, thread, task) it belongs to.
        """)]
    public static async Task<string> Entity(
        StoredSnapshots stored, ISqlQueryExecutor sql, ToolAnswers answers, CancellationToken cancellation,
        [Description("The process's conn_id.")] long conn_id,
        [Description("The entity id within that process.")] string entity_id,
        [Description("A snapshot id; the newest when omitted.")] long? snapshot_id = null)
    {
        var found = await FindAsync(stored, snapshot_id, conn_id, entity_id, cancellation);
        if (found.Error is { } error) return error;
        var (detail, graph, node) = (found.Detail!, found.Graph!, found.Node);
        var scopes = await sql.ExecuteOwnAsync($"""
            SELECT s.scope_id, json_extract(s.scope_json, '$.name'), json_extract(s.scope_json, '$.body')
            FROM entity_scope_links l JOIN scopes s USING (conn_id, stream_id, scope_id)
            WHERE l.conn_id = {conn_id} AND l.entity_id = '{entity_id.Replace("'", "''", StringComparison.Ordinal)}' LIMIT 20
            """, cancellation);
        return answers.Of(new
        {
            snapshot_id = found.SnapshotId,
            node = node >= 0 ? NodeViews.Of(graph, node) : null,
            entity = detail.Entity,
            edges = detail.Edges,
            events = detail.Events,
            scopes = scopes.Rows.Select(r => new { scope_id = r[0], name = r[1], kind = r[2] }),
        }, "the entity's own JSON is too large to return");
    }

    [McpServerTool(Name = "channel_state", ReadOnly = true, Idempotent = true)]
    [Description("""
        Explains a channel end (channel_tx or channel_rx): lifecycle (open, or closed and why), buffer occupancy and
        capacity, its other ends and their state, who is waiting on it and for how long, and its newest channel events
        (sent/received/full/empty/closed). Use it on a full or closed channel a wait chain ended at.
        """)]
    public static async Task<string> ChannelState(
        StoredSnapshots stored, ToolAnswers answers, CancellationToken cancellation,
        [Description("The process's conn_id.")] long conn_id,
        [Description("The channel end's entity id within that process.")] string entity_id,
        [Description("A snapshot id; the newest when omitted.")] long? snapshot_id = null)
    {
        var found = await FindAsync(stored, snapshot_id, conn_id, entity_id, cancellation);
        if (found.Error is { } error) return error;
        var (detail, graph, node) = (found.Detail!, found.Graph!, found.Node);
        var entity = graph.Entity(node);
        if (entity.Kind is not ("channel_tx" or "channel_rx"))
            return ToolAnswers.Error($"{entity_id} is a {entity.Kind}, not a channel end; use entity or task_state");
        var facts = entity.Facts;
        return answers.Of(new
        {
            snapshot_id = found.SnapshotId,
            channel = NodeViews.Of(graph, node),
            flavor = facts.ChannelFlavor,
            lifecycle = facts.Lifecycle,
            occupancy = facts.Occupancy,
            capacity = facts.Capacity,
            full = facts.IsAtCapacity,
            other_ends = graph.OtherChannelEnds(node).Select(n => NodeViews.Of(graph, n)),
            waiters = Waiters(graph, node),
            events = detail.Events,
        }, "too many waiters to list; use the wait chains of diagnose");
    }

    [McpServerTool(Name = "task_state", ReadOnly = true, Idempotent = true)]
    [Description("""
        Explains a future (a task or one of its waits): how old it is, what it waits on now (with each wait's age and
        whether the edge was inferred across processes), who waits on it, what it polls and what polls it, and the
        root blockers at the end of its wait chain.
        """)]
    public static async Task<string> TaskState(
        StoredSnapshots stored, DiagnosisSettings settings, ToolAnswers answers, CancellationToken cancellation,
        [Description("The process's conn_id.")] long conn_id,
        [Description("The future's entity id within that process.")] string entity_id,
        [Description("A snapshot id; the newest when omitted.")] long? snapshot_id = null)
    {
        var found = await FindAsync(stored, snapshot_id, conn_id, entity_id, cancellation);
        if (found.Error is { } error) return error;
        var (detail, graph, node) = (found.Detail!, found.Graph!, found.Node);
        var chain = Diagnoser.WaitChainFrom(graph, conn_id, entity_id, settings)!;
        var waitsOn = graph.Waits(node)
            .Select(e => new { entity = NodeViews.Of(graph, e.To), kind = NodeViews.KindName(e.Kind), wait_ms = graph.EdgeAgeMs(node, e.To) });
        return answers.Of(new
        {
            snapshot_id = found.SnapshotId,
            task = NodeViews.Of(graph, node),
            waits_on = waitsOn,
            waited_on_by = Waiters(graph, node),
            polls = PollEdges(detail, e => Text(e, "src") == entity_id, "dst"),
            polled_by = PollEdges(detail, e => Text(e, "dst") == entity_id, "src"),
            chain_depth = chain.Depth,
            ends_in = chain.EndsIn,
            root_blockers = chain.Roots,
            deadlock_ids = chain.DeadlockIds,
        }, "too many edges to list; use entity to read them raw");
    }

    private sealed record Found(long SnapshotId, EntityDetail? Detail, WaitGraph? Graph, int Node, string? Error);

    private static async Task<Found> FindAsync(StoredSnapshots stored, long? snapshotId, long connId, string entityId, CancellationToken cancellation)
    {
        if (await SnapshotTools.ResolveAsync(stored, snapshotId, cancellation) is not { } id) return new(0, null, null, -1, SnapshotTools.NoSnapshots(snapshotId));
        if (await stored.ReadJsonAsync(id, cancellation) is not { } json) return new(id, null, null, -1, SnapshotTools.NoSnapshot(id));
        var detail = EntityDetailReader.Find(json, connId, entityId, MaxEvents);
        if (detail is null) return new(id, null, null, -1, ToolAnswers.Error($"snapshot {id} has no entity '{entityId}' of connection {connId}"));
        var graph = WaitGraphBuilder.Build(StoredSnapshots.Parse(json, id));
        var process = graph.Document.Processes.ToList().FindIndex(p => p.Process.ConnId == connId);
        return new(id, detail, graph, graph.Find(process, entityId), null);
    }

    private static IEnumerable<object> Waiters(WaitGraph graph, int node) => graph.Waiters(node)
        .Select(e => new { entity = NodeViews.Of(graph, e.From), kind = NodeViews.KindName(e.Kind), wait_ms = graph.EdgeAgeMs(e.From, node) });

    private static IEnumerable<string?> PollEdges(EntityDetail detail, Func<JsonElement, bool> side, string other) =>
        detail.Edges.Where(e => Text(e, "kind") == "polls" && side(e)).Select(e => Text(e, other));

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
