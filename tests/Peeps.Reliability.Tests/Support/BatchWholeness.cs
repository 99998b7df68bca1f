using System.Text;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Reliability.Tests.Support;

/// <summary>
/// Checks that every stored delta batch was applied whole or not at all, whatever its changes. The stored payloads
/// are replayed, in the order the batches were stored, into a model of each stream's entities, scopes, links, edges
/// and events; the tables must equal the model row for row. A batch whose row is stored without all of its effects,
/// or effects stored without the batch's row, makes them differ, removals as much as upserts. Besides: each batch's
/// recorded change count matches its payload, and each stream's cursor exists and is its newest batch's
/// <c>next_seq_no</c>. The model is built from <c>delta_batches</c> only and compared with the other tables, which
/// the same transaction writes: only a transaction applied in part could make them disagree.
/// </summary>
public static class BatchWholeness
{
    public sealed record Report(
        long Batches, long Events, long CountMismatches, long CursorMismatches,
        long EntityMismatches, long ScopeMismatches, long LinkMismatches, long EdgeMismatches, long EventMismatches)
    {
        public bool Whole => CountMismatches == 0 && CursorMismatches == 0 && EntityMismatches == 0 && ScopeMismatches == 0
            && LinkMismatches == 0 && EdgeMismatches == 0 && EventMismatches == 0;
    }

    public static Report Check(StoreFile store)
    {
        using var instant = store.OneInstant();
        var model = Replay(store, out var batches, out var countMismatches, out var newestCursor);
        var cursors = store.Rows("SELECT conn_id, stream_id, next_seq_no FROM stream_cursors")
            .ToDictionary(r => Key(r[0], r[1]), r => Convert.ToUInt64(r[2]));
        var cursorMismatches = newestCursor.Count(c => !cursors.TryGetValue(c.Key, out var stored) || stored != c.Value)
            + cursors.Keys.Count(k => !newestCursor.ContainsKey(k));
        return new Report(
            batches,
            store.Scalar("SELECT count(*) FROM events"),
            countMismatches,
            cursorMismatches,
            Differences(model.Entities, Table(store, "SELECT conn_id, stream_id, entity_id, entity_json FROM entities")),
            Differences(model.Scopes, Table(store, "SELECT conn_id, stream_id, scope_id, scope_json FROM scopes")),
            Differences(model.Links, Table(store, "SELECT conn_id, stream_id, entity_id || char(9) || scope_id, '' FROM entity_scope_links")),
            Differences(model.Edges, Table(store, "SELECT conn_id, stream_id, src_id || char(9) || dst_id || char(9) || kind_json, edge_json FROM edges")),
            Differences(model.Events, Table(store, "SELECT conn_id, stream_id, seq_no, event_id || char(9) || at_ms || char(9) || event_json FROM events")));
    }

    /// <summary>One stream's rows as the replay leaves them, keyed as the tables' primary keys.</summary>
    private sealed class StreamModel
    {
        public Dictionary<string, string> Entities { get; } = new();
        public Dictionary<string, string> Scopes { get; } = new();
        public HashSet<(string Entity, string Scope)> Links { get; } = new();
        public Dictionary<(string Src, string Dst, string Kind), string> Edges { get; } = new();
        public Dictionary<ulong, string> Events { get; } = new();
    }

    private sealed class Model
    {
        public Dictionary<string, StreamModel> Streams { get; } = new();

        public Dictionary<string, string> Entities => Flatten(m => m.Entities.Select(e => (e.Key, e.Value)));
        public Dictionary<string, string> Scopes => Flatten(m => m.Scopes.Select(e => (e.Key, e.Value)));
        public Dictionary<string, string> Links => Flatten(m => m.Links.Select(l => ($"{l.Entity}\t{l.Scope}", "")));
        public Dictionary<string, string> Edges => Flatten(m => m.Edges.Select(e => ($"{e.Key.Src}\t{e.Key.Dst}\t{e.Key.Kind}", e.Value)));
        public Dictionary<string, string> Events => Flatten(m => m.Events.Select(e => (e.Key.ToString(), e.Value)));

        private Dictionary<string, string> Flatten(Func<StreamModel, IEnumerable<(string Key, string Value)>> rows) =>
            Streams.SelectMany(s => rows(s.Value).Select(r => (Key: $"{s.Key}\t{r.Key}", r.Value))).ToDictionary(r => r.Key, r => r.Value);
    }

    private static Model Replay(StoreFile store, out long batches, out long countMismatches, out Dictionary<string, ulong> newestCursor)
    {
        var model = new Model();
        newestCursor = new Dictionary<string, ulong>();
        batches = 0;
        countMismatches = 0;
        foreach (var row in store.Rows("SELECT conn_id, stream_id, next_seq_no, change_count, payload_json FROM delta_batches ORDER BY id"))
        {
            batches++;
            var stream = Key(row[0], row[1]);
            var batch = (DeltaBatch)ClientMessageDecoder.Decode(Encoding.UTF8.GetBytes($"{{\"delta_batch\":{row[4]}}}"));
            if (batch.Changes.Count != Convert.ToInt64(row[3])) countMismatches++;
            newestCursor[stream] = Convert.ToUInt64(row[2]);
            if (!model.Streams.TryGetValue(stream, out var streamModel)) model.Streams[stream] = streamModel = new StreamModel();
            foreach (var change in batch.Changes) Apply(streamModel, change);
        }
        return model;
    }

    /// <summary>What the writer does with each change, restated independently of its SQL.</summary>
    private static void Apply(StreamModel m, Change change)
    {
        switch (change)
        {
            case UpsertEntity c: m.Entities[c.Id] = Text(c.Json); break;
            case RemoveEntity c:
                m.Entities.Remove(c.Id);
                m.Links.RemoveWhere(l => l.Entity == c.Id);
                foreach (var edge in m.Edges.Keys.Where(k => k.Src == c.Id || k.Dst == c.Id).ToList()) m.Edges.Remove(edge);
                break;
            case UpsertScope c: m.Scopes[c.Id] = Text(c.Json); break;
            case RemoveScope c:
                m.Scopes.Remove(c.Id);
                m.Links.RemoveWhere(l => l.Scope == c.Id);
                break;
            case UpsertEntityScopeLink c: m.Links.Add((c.EntityId, c.ScopeId)); break;
            case RemoveEntityScopeLink c: m.Links.Remove((c.EntityId, c.ScopeId)); break;
            case UpsertEdge c: m.Edges[(c.Src, c.Dst, c.KindJson)] = Text(c.Json); break;
            case RemoveEdge c: m.Edges.Remove((c.Src, c.Dst, c.KindJson)); break;
            case AppendEvent c: m.Events[c.SeqNo] = $"{c.Id}\t{c.At}\t{Text(c.Json)}"; break;
        }
    }

    private static Dictionary<string, string> Table(StoreFile store, string sql) =>
        store.Rows(sql).ToDictionary(r => $"{Key(r[0], r[1])}\t{r[2]}", r => Convert.ToString(r[3]) ?? "");

    /// <summary>Rows in one and not the other, or in both with different values.</summary>
    private static long Differences(Dictionary<string, string> expected, Dictionary<string, string> stored) =>
        expected.Count(e => !stored.TryGetValue(e.Key, out var value) || value != e.Value) + stored.Keys.Count(k => !expected.ContainsKey(k));

    private static string Key(object connId, object stream) => $"{connId}\t{stream}";

    private static string Text(ReadOnlyMemory<byte> json) => Encoding.UTF8.GetString(json.Span);
}
