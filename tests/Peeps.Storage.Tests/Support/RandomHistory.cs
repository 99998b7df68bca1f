using System.Text;
using Peeps.Storage.History;
using Peeps.Storage.Writing;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Storage.Tests.Support;

/// <summary>
/// Random change streams over a small pool of ids, so upserts, removals and their cascades keep meeting each other,
/// written as the wire JSON a runtime sends and decoded with the real decoder (the stored payload then matches the
/// changes exactly, as in ingest).
/// </summary>
public sealed class RandomHistory(int seed, string stream = "proc:1")
{
    private static readonly string[] Kinds = ["needs", "polls", "closed_by", "channel_link", "rpc_link"];
    private readonly Random _random = new(seed);
    private ulong _seq;

    public string Stream => stream;

    /// <summary>The wire JSON of the next batch, with between 0 and <paramref name="maxChanges"/> changes.</summary>
    public DeltaBatch NextBatch(int maxChanges)
    {
        var from = _seq;
        var changes = Enumerable.Range(0, _random.Next(maxChanges + 1)).Select(_ => NextChange()).ToList();
        var json = $$"""{"stream_id":"{{stream}}","from_seq_no":{{from}},"next_seq_no":{{_seq}},"changes":[{{string.Join(",", changes)}}],"truncated":false}""";
        return DeltaBatchPayload.Decode(Encoding.UTF8.GetBytes(json));
    }

    private string NextChange()
    {
        var seq = _seq++;
        string Entity() => "e" + _random.Next(12);
        string Scope() => "s" + _random.Next(4);
        var (variant, content) = _random.Next(10) switch
        {
            0 or 1 or 2 => ("upsert_entity", EntityJson(Entity(), _random.Next(1_000_000))),
            3 => ("remove_entity", $$"""{"id":"{{Entity()}}"}"""),
            4 => ("upsert_scope", $$$"""{"id":"{{{Scope()}}}","birth":5,"source":"s.rs:1","name":"scope {{{_random.Next(9)}}}","body":"task","meta":{}}"""),
            5 => ("remove_scope", $$"""{"id":"{{Scope()}}"}"""),
            6 => (_random.Next(3) == 0 ? "remove_entity_scope_link" : "upsert_entity_scope_link", $$"""{"entity_id":"{{Entity()}}","scope_id":"{{Scope()}}"}"""),
            7 => ("upsert_edge", EdgeJson(Entity(), Entity(), Kinds[_random.Next(Kinds.Length)], _random.Next(9))),
            8 => ("remove_edge", $$"""{"src":"{{Entity()}}","dst":"{{Entity()}}","kind":"{{Kinds[_random.Next(Kinds.Length)]}}"}"""),
            _ => ("append_event", $$"""{"id":"ev{{seq}}","at":{{_random.Next(1_000_000)}},"source":"s.rs:2","target":{"entity":"{{Entity()}}"},"kind":"state_changed","meta":null}"""),
        };
        return $$$"""{"seq_no":{{{seq}}},"change":{"{{{variant}}}":{{{content}}}}}""";
    }

    private string EntityJson(string id, int birth) =>
        $$$"""{"id":"{{{id}}}","birth":{{{birth}}},"source":"s.rs:{{{_random.Next(99)}}}","name":"n{{{_random.Next(99)}}}","body":"future","meta":{}}""";

    private static string EdgeJson(string src, string dst, string kind, int meta) =>
        $$$"""{"src":"{{{src}}}","dst":"{{{dst}}}","kind":"{{{kind}}}","meta":{"m":{{{meta}}}}}""";

    /// <summary>A state in a comparable form: every row as text, sorted.</summary>
    public static string Canonical(StreamState state) => string.Join("\n",
        state.Entities.Select(p => $"entity {p.Key}={Text(p.Value)}")
            .Concat(state.Scopes.Select(p => $"scope {p.Key}={Text(p.Value)}"))
            .Concat(state.Links.Select(l => $"link {l.EntityId}|{l.ScopeId}"))
            .Concat(state.Edges.Select(p => $"edge {p.Key.Src}|{p.Key.Dst}|{p.Key.KindJson}={Text(p.Value)}"))
            .Concat(state.Events.Select(p => $"event {p.Key}={Text(p.Value)}"))
            .Order(StringComparer.Ordinal));

    /// <summary>The same form read from the materialized tables (the newest <paramref name="maxEvents"/> events).</summary>
    public static string CanonicalTables(TempDatabase db, long connId, string stream, int maxEvents)
    {
        var where = $"conn_id = {connId} AND stream_id = '{stream}'";
        IEnumerable<string> Lines(string sql) => db.Rows(sql).Select(r => (string)r[0]!);
        return string.Join("\n",
            Lines($"SELECT 'entity ' || entity_id || '=' || entity_json FROM entities WHERE {where}")
                .Concat(Lines($"SELECT 'scope ' || scope_id || '=' || scope_json FROM scopes WHERE {where}"))
                .Concat(Lines($"SELECT 'link ' || entity_id || '|' || scope_id FROM entity_scope_links WHERE {where}"))
                .Concat(Lines($"SELECT 'edge ' || src_id || '|' || dst_id || '|' || kind_json || '=' || edge_json FROM edges WHERE {where}"))
                .Concat(Lines($"SELECT 'event ' || seq_no || '=' || event_json FROM events WHERE {where} ORDER BY seq_no DESC LIMIT {maxEvents}"))
                .Order(StringComparer.Ordinal));
    }

    private static string Text(ReadOnlyMemory<byte> json) => Encoding.UTF8.GetString(json.Span);

    public static WriterSettings Settings(int everyBatches, int everyChanges = 1_000_000, int maxEvents = 5) => new()
    {
        CacheSizeKiB = 2048,
        BackgroundCheckpointInterval = TimeSpan.Zero,
        Checkpoints = new CheckpointSettings { EveryBatches = everyBatches, EveryChanges = everyChanges, MaxEventsPerProcess = maxEvents },
    };
}
