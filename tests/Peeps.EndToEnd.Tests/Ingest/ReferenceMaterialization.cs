namespace Peeps.EndToEnd.Tests.Ingest;

/// <summary>
/// The wire protocol's materialization rules (wire-protocol.md, "Change variants"; reference-server.md, tables),
/// written out in memory independently of the server, for one connection's stream. Rows are the reference
/// columns in order, with the connection as a label and each <c>updated_at_ns</c> as the index of the batch that
/// last wrote the row, which the comparison turns into that batch's <c>received_at_ns</c>.
/// </summary>
internal sealed class ReferenceMaterialization(string connection, string stream)
{
    /// <summary>One change as a test script writes it: its wire variant and content, and what it does to the tables.</summary>
    public abstract record Op(string Variant, string Content);

    public sealed record UpsertEntity(string Id, string Json) : Op("upsert_entity", Json);

    public sealed record RemoveEntity(string Id) : Op("remove_entity", $$"""{"id":"{{Id}}"}""");

    public sealed record UpsertScope(string Id, string Json) : Op("upsert_scope", Json);

    public sealed record RemoveScope(string Id) : Op("remove_scope", $$"""{"id":"{{Id}}"}""");

    public sealed record Link(string EntityId, string ScopeId)
        : Op("upsert_entity_scope_link", $$"""{"entity_id":"{{EntityId}}","scope_id":"{{ScopeId}}"}""");

    public sealed record Unlink(string EntityId, string ScopeId)
        : Op("remove_entity_scope_link", $$"""{"entity_id":"{{EntityId}}","scope_id":"{{ScopeId}}"}""");

    public sealed record UpsertEdge(string Src, string Dst, string Kind, string Json) : Op("upsert_edge", Json);

    public sealed record RemoveEdge(string Src, string Dst, string Kind)
        : Op("remove_edge", $$"""{"src":"{{Src}}","dst":"{{Dst}}","kind":"{{Kind}}"}""");

    public sealed record AppendEvent(string Id, long At, string Json) : Op("append_event", Json);

    public sealed record SentBatch(ulong From, ulong Next, bool Truncated, ulong? CompactedBefore, int ChangeCount, string PayloadJson);

    private readonly Dictionary<string, (string Json, int Batch)> _entities = [];
    private readonly Dictionary<string, (string Json, int Batch)> _scopes = [];
    private readonly Dictionary<(string Entity, string Scope), int> _links = [];
    private readonly Dictionary<(string Src, string Dst, string Kind), (string Json, int Batch)> _edges = [];
    private readonly SortedDictionary<ulong, (string Id, string Json, long At)> _events = [];
    private readonly List<SentBatch> _batches = [];

    public void Apply(SentBatch batch, IEnumerable<(ulong SeqNo, Op Op)> changes)
    {
        var index = _batches.Count;
        _batches.Add(batch);
        foreach (var (seqNo, op) in changes)
            Apply(index, seqNo, op);
    }

    private void Apply(int batch, ulong seqNo, Op op)
    {
        switch (op)
        {
            case UpsertEntity c: _entities[c.Id] = (c.Json, batch); break;
            case RemoveEntity c:
                _entities.Remove(c.Id);
                RemoveWhere(_links, k => k.Entity == c.Id);
                RemoveWhere(_edges, k => k.Src == c.Id || k.Dst == c.Id);
                break;
            case UpsertScope c: _scopes[c.Id] = (c.Json, batch); break;
            case RemoveScope c:
                _scopes.Remove(c.Id);
                RemoveWhere(_links, k => k.Scope == c.Id);
                break;
            case Link c: _links[(c.EntityId, c.ScopeId)] = batch; break;
            case Unlink c: _links.Remove((c.EntityId, c.ScopeId)); break;
            case UpsertEdge c: _edges[(c.Src, c.Dst, c.Kind)] = (c.Json, batch); break;
            case RemoveEdge c: _edges.Remove((c.Src, c.Dst, c.Kind)); break;
            case AppendEvent c: _events[seqNo] = (c.Id, c.Json, c.At); break;
            default: throw new ArgumentException($"no rule for {op.GetType().Name}", nameof(op));
        }
    }

    private static void RemoveWhere<TKey, TValue>(Dictionary<TKey, TValue> rows, Func<TKey, bool> match) where TKey : notnull
    {
        foreach (var key in rows.Keys.Where(match).ToList())
            rows.Remove(key);
    }

    public IEnumerable<object?[]> Entities => _entities.Select(e => Row(e.Key, e.Value.Json, Updated(e.Value.Batch)));

    public IEnumerable<object?[]> Scopes => _scopes.Select(s => Row(s.Key, s.Value.Json, Updated(s.Value.Batch)));

    public IEnumerable<object?[]> Links => _links.Select(l => Row(l.Key.Entity, l.Key.Scope, Updated(l.Value)));

    /// <remarks><c>kind_json</c> is the kind as a JSON string literal, quotes included.</remarks>
    public IEnumerable<object?[]> Edges =>
        _edges.Select(e => Row(e.Key.Src, e.Key.Dst, $"\"{e.Key.Kind}\"", e.Value.Json, Updated(e.Value.Batch)));

    public IEnumerable<object?[]> Events => _events.Select(e => Row((long)e.Key, e.Value.Id, e.Value.Json, e.Value.At));

    public IEnumerable<object?[]> Cursors => _batches.Count == 0 ? [] : [Row((long)_batches[^1].Next, Updated(_batches.Count - 1))];

    /// <remarks>In send order; <c>received_at_ns</c> is the batch's own, checked separately.</remarks>
    public IEnumerable<object?[]> Batches => _batches.Select((b, i) => Row(
        (long)b.From, (long)b.Next, b.Truncated ? 1L : 0L, b.CompactedBefore is { } c ? (long)c : null, (long)b.ChangeCount,
        b.PayloadJson, Updated(i)));

    private object?[] Row(params object?[] values) => [connection, stream, .. values];

    private static BatchTime Updated(int batch) => new(batch);

    /// <summary>Stands for "the <c>received_at_ns</c> of this connection's batch number <see cref="Index"/>".</summary>
    public sealed record BatchTime(int Index);
}
