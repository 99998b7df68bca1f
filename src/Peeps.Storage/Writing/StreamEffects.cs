using Peeps.Wire.Messages;

namespace Peeps.Storage.Writing;

/// <summary>
/// The net effect on one stream's rows of the delta batches of one group, applied in order, kept as the last effect
/// per key. A removal with a cascade (an entity takes its links and edges, a scope its links) drops what the group had
/// buffered for the rows it cascades to, and its cascade runs on the database before the effects buffered after it.
/// That order is exact: a cascade deletes by a predicate, every buffered effect matching the predicate and older than
/// the cascade has been dropped, and the rest do not match it, so cascades commute to the front.
/// </summary>
internal sealed class StreamEffects(long connId, string streamId)
{
    private sealed class RowEffect
    {
        /// <summary>Removed at least once in the group: its cascade must run.</summary>
        public bool Removed;

        /// <summary>Upserted after its last removal (or never removed): the row's final content.</summary>
        public bool Upserted;

        public ReadOnlyMemory<byte> Json;
        public long At;
    }

    private readonly record struct EdgeKey(string Src, string Dst, string Kind);

    private readonly record struct LinkKey(string Entity, string Scope);

    /// <summary>A link or edge: upserted (with its content) or deleted.</summary>
    private readonly record struct KeyEffect(bool Upsert, ReadOnlyMemory<byte> Json, long At);

    private readonly Dictionary<string, RowEffect> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RowEffect> _scopes = new(StringComparer.Ordinal);
    private readonly Dictionary<EdgeKey, KeyEffect> _edges = [];
    private readonly Dictionary<LinkKey, KeyEffect> _links = [];
    // Keys buffered per entity or scope, for the drops a cascade makes; may hold keys already dropped or re-added.
    private readonly Dictionary<string, List<EdgeKey>> _edgesOfEntity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LinkKey>> _linksOfEntity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LinkKey>> _linksOfScope = new(StringComparer.Ordinal);
    private ulong _cursor;
    private long _cursorAt;
    private bool _hasCursor;

    public long ConnId => connId;
    public string StreamId => streamId;

    /// <summary>Changes whose write was skipped because a later change of the group superseded it.</summary>
    public int Superseded { get; private set; }

    public void Cursor(ulong nextSeqNo, long at) => (_cursor, _cursorAt, _hasCursor) = (nextSeqNo, at, true);

    /// <summary>Buffers one change; returns false for those that are not buffered (events, unknown variants).</summary>
    public bool Add(Change change, long at)
    {
        switch (change)
        {
            case UpsertEntity c:
                Upsert(_entities, c.Id, c.Json, at);
                return true;
            case RemoveEntity c:
                Remove(_entities, c.Id);
                Drop(_edgesOfEntity, c.Id, _edges);
                Drop(_linksOfEntity, c.Id, _links);
                return true;
            case UpsertScope c:
                Upsert(_scopes, c.Id, c.Json, at);
                return true;
            case RemoveScope c:
                Remove(_scopes, c.Id);
                Drop(_linksOfScope, c.Id, _links);
                return true;
            case UpsertEntityScopeLink c:
                SetLink(new LinkKey(c.EntityId, c.ScopeId), new KeyEffect(true, default, at));
                return true;
            case RemoveEntityScopeLink c:
                SetLink(new LinkKey(c.EntityId, c.ScopeId), new KeyEffect(false, default, 0));
                return true;
            case UpsertEdge c:
                SetEdge(new EdgeKey(c.Src, c.Dst, c.KindJson), new KeyEffect(true, c.Json, at));
                return true;
            case RemoveEdge c:
                SetEdge(new EdgeKey(c.Src, c.Dst, c.KindJson), new KeyEffect(false, default, 0));
                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes the net effect: cascades first, then the last effect of every key, then the cursor.</summary>
    public void Flush(WriterStatements s)
    {
        foreach (var (id, entity) in _entities)
        {
            if (!entity.Removed) continue;
            // The row itself only when nothing re-creates it: an upsert below replaces every column anyway.
            if (!entity.Upserted) s.DeleteEntity.Bind(1, connId).Bind(2, streamId).Bind(3, id).Execute();
            s.DeleteLinksOfEntity.Bind(1, connId).Bind(2, streamId).Bind(3, id).Execute();
            s.DeleteEdgesFrom.Bind(1, connId).Bind(2, streamId).Bind(3, id).Execute();
            s.DeleteEdgesTo.Bind(1, connId).Bind(2, streamId).Bind(3, id).Execute();
        }
        foreach (var (id, scope) in _scopes)
        {
            if (!scope.Removed) continue;
            if (!scope.Upserted) s.DeleteScope.Bind(1, connId).Bind(2, streamId).Bind(3, id).Execute();
            s.DeleteLinksOfScope.Bind(1, connId).Bind(2, streamId).Bind(3, id).Execute();
        }
        foreach (var (id, entity) in _entities)
        {
            if (entity.Upserted)
                s.UpsertEntity.Bind(1, connId).Bind(2, streamId).Bind(3, id).BindUtf8(4, entity.Json.Span).Bind(5, entity.At).Execute();
        }
        foreach (var (id, scope) in _scopes)
        {
            if (scope.Upserted)
                s.UpsertScope.Bind(1, connId).Bind(2, streamId).Bind(3, id).BindUtf8(4, scope.Json.Span).Bind(5, scope.At).Execute();
        }
        foreach (var (key, link) in _links)
        {
            if (link.Upsert)
                s.UpsertLink.Bind(1, connId).Bind(2, streamId).Bind(3, key.Entity).Bind(4, key.Scope).Bind(5, link.At).Execute();
            else
                s.DeleteLink.Bind(1, connId).Bind(2, streamId).Bind(3, key.Entity).Bind(4, key.Scope).Execute();
        }
        foreach (var (key, edge) in _edges)
        {
            if (edge.Upsert)
                s.UpsertEdge.Bind(1, connId).Bind(2, streamId).Bind(3, key.Src).Bind(4, key.Dst).Bind(5, key.Kind)
                    .BindUtf8(6, edge.Json.Span).Bind(7, edge.At).Execute();
            else
                s.DeleteEdge.Bind(1, connId).Bind(2, streamId).Bind(3, key.Src).Bind(4, key.Dst).Bind(5, key.Kind).Execute();
        }
        if (_hasCursor)
            s.UpsertCursor.Bind(1, connId).Bind(2, streamId).Bind(3, _cursor).Bind(4, _cursorAt).Execute();
    }

    private void Upsert(Dictionary<string, RowEffect> rows, string id, ReadOnlyMemory<byte> json, long at)
    {
        if (!rows.TryGetValue(id, out var row)) rows[id] = row = new RowEffect();
        else if (row.Upserted) Superseded++;
        row.Upserted = true;
        row.Json = json;
        row.At = at;
    }

    private void Remove(Dictionary<string, RowEffect> rows, string id)
    {
        if (!rows.TryGetValue(id, out var row)) rows[id] = row = new RowEffect();
        else if (row.Upserted || row.Removed) Superseded++; // the earlier upsert or row delete is not written
        row.Removed = true;
        row.Upserted = false;
        row.Json = default;
    }

    private void Drop<TKey>(Dictionary<string, List<TKey>> index, string id, Dictionary<TKey, KeyEffect> effects) where TKey : notnull
    {
        if (!index.Remove(id, out var keys)) return;
        foreach (var key in keys)
            if (effects.Remove(key)) Superseded++;
    }

    private void SetLink(LinkKey key, KeyEffect effect)
    {
        if (_links.TryAdd(key, effect))
        {
            Index(_linksOfEntity, key.Entity, key);
            Index(_linksOfScope, key.Scope, key);
        }
        else
        {
            _links[key] = effect;
            Superseded++;
        }
    }

    private void SetEdge(EdgeKey key, KeyEffect effect)
    {
        if (_edges.TryAdd(key, effect))
        {
            Index(_edgesOfEntity, key.Src, key);
            if (key.Dst != key.Src) Index(_edgesOfEntity, key.Dst, key);
        }
        else
        {
            _edges[key] = effect;
            Superseded++;
        }
    }

    private static void Index<TKey>(Dictionary<string, List<TKey>> index, string id, TKey key)
    {
        if (!index.TryGetValue(id, out var keys)) index[id] = keys = [];
        keys.Add(key);
    }
}
