using Peeps.Wire.Messages;

namespace Peeps.Storage.History;

/// <summary>
/// The materialized state of one stream held in memory: what the <c>entities</c>, <c>scopes</c>,
/// <c>entity_scope_links</c>, <c>edges</c> and (newest) <c>events</c> rows of that stream would be after the same
/// batches. <see cref="Apply"/> follows the writer's rules change for change, so replaying a stream's stored batches
/// ends where the tables ended. JSON values are slices of the bytes they were read from, never copied.
/// </summary>
public sealed class StreamState(int maxEvents)
{
    private readonly Dictionary<string, ReadOnlyMemory<byte>> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReadOnlyMemory<byte>> _scopes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _scopesOfEntity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _entitiesOfScope = new(StringComparer.Ordinal);
    private readonly Dictionary<EdgeKey, ReadOnlyMemory<byte>> _edges = [];
    // Removing an entity removes every edge it is an end of; without this index that is a scan of all edges.
    private readonly Dictionary<string, HashSet<EdgeKey>> _edgesOfEntity = new(StringComparer.Ordinal);
    private readonly SortedDictionary<ulong, ReadOnlyMemory<byte>> _events = [];
    private int _linkCount;

    public int MaxEvents { get; } = maxEvents;

    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Entities => _entities;
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Scopes => _scopes;
    public IReadOnlyDictionary<EdgeKey, ReadOnlyMemory<byte>> Edges => _edges;
    public IReadOnlyDictionary<ulong, ReadOnlyMemory<byte>> Events => _events;
    public IEnumerable<(string EntityId, string ScopeId)> Links =>
        _scopesOfEntity.SelectMany(p => p.Value.Select(scope => (p.Key, scope)));

    public int LinkCount => _linkCount;

    /// <summary>Rows the state stands for: what a checkpoint of it holds, and so what writing one costs.</summary>
    public long Rows => _entities.Count + _scopes.Count + _linkCount + _edges.Count + _events.Count;

    /// <summary>The process clock's offset from wall time, see <see cref="ProcessClock"/>.</summary>
    public ProcessClock Clock { get; set; } = ProcessClock.Unknown;

    /// <summary>Applies one stored batch received at <paramref name="receivedAtNs"/>.</summary>
    public void ApplyBatch(DeltaBatch batch, long receivedAtNs)
    {
        long? newestProcessTime = null;
        foreach (var change in batch.Changes)
        {
            Apply(change);
            var time = change switch
            {
                UpsertEntity e => EntityBirth.Read(e.Json.Span),
                AppendEvent e => e.At <= long.MaxValue ? (long)e.At : null,
                _ => null,
            };
            if (time is { } t && (newestProcessTime is null || t > newestProcessTime)) newestProcessTime = t;
        }
        if (newestProcessTime is { } newest)
            Clock = Clock.Observe(receivedAtNs, newest);
    }

    public void Apply(Change change)
    {
        switch (change)
        {
            case UpsertEntity c: _entities[c.Id] = c.Json; break;
            case RemoveEntity c: RemoveEntity(c.Id); break;
            case UpsertScope c: _scopes[c.Id] = c.Json; break;
            case RemoveScope c: RemoveScope(c.Id); break;
            case UpsertEntityScopeLink c: AddLink(c.EntityId, c.ScopeId); break;
            case RemoveEntityScopeLink c: RemoveLink(c.EntityId, c.ScopeId); break;
            case UpsertEdge c: SetEdge(new EdgeKey(c.Src, c.Dst, c.KindJson), c.Json); break;
            case RemoveEdge c: RemoveEdge(new EdgeKey(c.Src, c.Dst, c.KindJson)); break;
            case AppendEvent c: SetEvent(c.SeqNo, c.Json); break;
            case UnknownChange: break; // the writer ignores them too
            default: throw new ArgumentException($"change type {change.GetType().Name} has no materialization", nameof(change));
        }
    }

    public void SetEntity(string id, ReadOnlyMemory<byte> json) => _entities[id] = json;

    public void SetScope(string id, ReadOnlyMemory<byte> json) => _scopes[id] = json;

    public void SetEdge(EdgeKey key, ReadOnlyMemory<byte> json)
    {
        if (_edges.TryAdd(key, json))
        {
            Index(_edgesOfEntity, key.Src).Add(key);
            Index(_edgesOfEntity, key.Dst).Add(key);
        }
        else
        {
            _edges[key] = json;
        }
    }

    public void SetEvent(ulong seqNo, ReadOnlyMemory<byte> json)
    {
        _events[seqNo] = json;
        while (_events.Count > MaxEvents)
            _events.Remove(_events.Keys.First());
    }

    public void AddLink(string entityId, string scopeId)
    {
        if (Index(_scopesOfEntity, entityId).Add(scopeId))
        {
            Index(_entitiesOfScope, scopeId).Add(entityId);
            _linkCount++;
        }
    }

    private void RemoveEntity(string id)
    {
        _entities.Remove(id);
        if (_scopesOfEntity.Remove(id, out var scopes))
            foreach (var scope in scopes)
            {
                Unindex(_entitiesOfScope, scope, id);
                _linkCount--;
            }
        if (_edgesOfEntity.Remove(id, out var edges))
            foreach (var key in edges)
                if (_edges.Remove(key))
                    Unindex(_edgesOfEntity, key.Src == id ? key.Dst : key.Src, key);
    }

    private void RemoveScope(string id)
    {
        _scopes.Remove(id);
        if (_entitiesOfScope.Remove(id, out var entities))
            foreach (var entity in entities)
            {
                Unindex(_scopesOfEntity, entity, id);
                _linkCount--;
            }
    }

    private void RemoveLink(string entityId, string scopeId)
    {
        if (Unindex(_scopesOfEntity, entityId, scopeId))
        {
            Unindex(_entitiesOfScope, scopeId, entityId);
            _linkCount--;
        }
    }

    private void RemoveEdge(EdgeKey key)
    {
        if (!_edges.Remove(key)) return;
        Unindex(_edgesOfEntity, key.Src, key);
        Unindex(_edgesOfEntity, key.Dst, key);
    }

    private static HashSet<T> Index<T>(Dictionary<string, HashSet<T>> index, string id)
    {
        if (!index.TryGetValue(id, out var set))
            index[id] = set = [];
        return set;
    }

    private static bool Unindex<T>(Dictionary<string, HashSet<T>> index, string id, T item)
    {
        if (!index.TryGetValue(id, out var set) || !set.Remove(item)) return false;
        if (set.Count == 0) index.Remove(id);
        return true;
    }
}
