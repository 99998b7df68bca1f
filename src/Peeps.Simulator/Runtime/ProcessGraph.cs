using Peeps.Simulator.Model;

namespace Peeps.Simulator.Runtime;

/// <summary>
/// One process's current graph plus the change log that describes how it got there: every mutation
/// updates the state and appends the matching change, the way the instrumented runtime records itself.
/// Not thread-safe: the owning process serializes access.
/// </summary>
public sealed class ProcessGraph
{
    private readonly Dictionary<string, Entity> _entities = [];
    private readonly Dictionary<string, Scope> _scopes = [];
    private readonly HashSet<(string EntityId, string ScopeId)> _links = [];
    private readonly Dictionary<EdgeKey, Edge> _edges = [];
    private readonly Queue<Event> _events = new();
    private readonly ClientLimits _limits;
    private readonly string _idPrefix;
    private ulong _nextId;

    public ProcessGraph(uint pid, ClientLimits limits)
    {
        _limits = limits;
        _idPrefix = (pid & 0xffff).ToString("x4") + "p";
        Log = new ChangeLog(limits);
    }

    public ChangeLog Log { get; }

    /// <summary>Process time in ms since start: births and event times use it, snapshots report it.</summary>
    public ulong Now { get; set; }

    public int EntityCount => _entities.Count;

    public string NewId() => _idPrefix + (_nextId++).ToString("x11");

    public bool TryGetEntity(string id, out Entity entity) => _entities.TryGetValue(id, out entity!);

    public Entity Entity(string id) => _entities[id];

    public bool HasEdge(EdgeKey key) => _edges.ContainsKey(key);

    public void Upsert(Entity entity)
    {
        _entities[entity.Id] = entity;
        Log.Append(new UpsertEntityChange(entity));
    }

    /// <summary>Removes the entity; like the server, the local state drops its edges and scope links with it.</summary>
    public void RemoveEntity(string id)
    {
        if (!_entities.Remove(id)) return;
        foreach (var key in _edges.Keys.Where(k => k.Src == id || k.Dst == id).ToList()) _edges.Remove(key);
        _links.RemoveWhere(link => link.EntityId == id);
        Log.Append(new RemoveEntityChange(id));
    }

    public void Upsert(Scope scope)
    {
        _scopes[scope.Id] = scope;
        Log.Append(new UpsertScopeChange(scope));
    }

    public void RemoveScope(string id)
    {
        if (!_scopes.Remove(id)) return;
        _links.RemoveWhere(link => link.ScopeId == id);
        Log.Append(new RemoveScopeChange(id));
    }

    public void Link(string entityId, string scopeId)
    {
        _links.Add((entityId, scopeId));
        Log.Append(new UpsertEntityScopeLinkChange(entityId, scopeId));
    }

    public void Unlink(string entityId, string scopeId)
    {
        if (!_links.Remove((entityId, scopeId))) return;
        Log.Append(new RemoveEntityScopeLinkChange(entityId, scopeId));
    }

    public void Upsert(Edge edge)
    {
        _edges[edge.Key] = edge;
        Log.Append(new UpsertEdgeChange(edge));
    }

    public void RemoveEdge(string src, string dst, EdgeKind kind)
    {
        if (!_edges.Remove(new EdgeKey(src, dst, kind))) return;
        Log.Append(new RemoveEdgeChange(src, dst, kind));
    }

    public void Append(Event evt)
    {
        _events.Enqueue(evt);
        while (_events.Count > _limits.SnapshotEventLimit) _events.Dequeue();
        Log.Append(new AppendEventChange(evt));
    }

    public GraphSnapshot Capture() =>
        new([.. _entities.Values], [.. _scopes.Values], [.. _edges.Values], [.. _events]);
}
