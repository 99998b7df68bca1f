using System.Text.Json.Nodes;
using Peeps.Simulator.Model;
using Peeps.Simulator.Runtime;

namespace Peeps.Simulator.Workload;

/// <summary>
/// Everything a workload step needs to act on one process: its graph, its own seeded random source,
/// its scopes and running tasks, and its peers for cross-process RPC.
/// </summary>
internal sealed class ProcessContext(string processName, uint pid, ProcessGraph graph, Random random, int entityTarget)
{
    public string ProcessName { get; } = processName;
    public uint Pid { get; } = pid;
    public string StreamId => "proc:" + Pid;
    public ProcessGraph Graph { get; } = graph;
    public Random Random { get; } = random;
    public int EntityTarget { get; } = entityTarget;
    public string ProcessScopeId { get; set; } = "";
    public List<string> ThreadScopeIds { get; } = [];
    public List<SimTask> Tasks { get; } = [];
    public IReadOnlyList<ProcessContext> Peers { get; set; } = [];

    public bool OverTarget => Graph.EntityCount >= EntityTarget;

    public bool Chance(double probability) => Random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    /// <summary>Creates an entity born now and places it: in a running task when there is one (polled by its root future), else in a thread.</summary>
    public Entity Spawn(string name, string source, EntityBody body, JsonNode? meta = null)
    {
        var entity = Create(name, source, body, meta);
        if (Tasks.Count > 0 && body is FutureBody)
        {
            var task = Pick(Tasks);
            Graph.Link(entity.Id, task.ScopeId);
            Graph.Upsert(new Edge(task.RootFutureId, entity.Id, EdgeKind.Polls, null));
        }
        else
        {
            Graph.Link(entity.Id, ThreadScopeIds.Count > 0 ? Pick(ThreadScopeIds) : ProcessScopeId);
        }
        return entity;
    }

    /// <summary>Creates a long-lived entity owned by the process itself.</summary>
    public Entity SpawnStatic(string name, string source, EntityBody body, JsonNode? meta = null) =>
        SpawnIn(ProcessScopeId, name, source, body, meta);

    /// <summary>Creates an entity born now in the given scope, for workloads that place their entities themselves.</summary>
    public Entity SpawnIn(string scopeId, string name, string source, EntityBody body, JsonNode? meta = null)
    {
        var entity = Create(name, source, body, meta);
        Graph.Link(entity.Id, scopeId);
        return entity;
    }

    public void Emit(string entityId, EventKind kind, JsonNode meta, string source) =>
        Graph.Append(new Event(Graph.NewId(), Graph.Now, source, EventTarget.Entity(entityId), kind, meta));

    public void EmitOnScope(string scopeId, EventKind kind, JsonNode meta, string source) =>
        Graph.Append(new Event(Graph.NewId(), Graph.Now, source, EventTarget.Scope(scopeId), kind, meta));

    public void Needs(string waiter, string blockedOn) => Graph.Upsert(new Edge(waiter, blockedOn, EdgeKind.Needs, null));

    /// <summary>Nanoseconds since <paramref name="sinceMs"/>, for wait-ended events.</summary>
    public ulong WaitedNs(ulong sinceMs) => (Graph.Now - sinceMs) * 1_000_000 + (ulong)Random.Next(1_000, 999_999);

    private Entity Create(string name, string source, EntityBody body, JsonNode? meta)
    {
        var entity = new Entity(Graph.NewId(), Graph.Now, source, name, body, meta ?? new JsonObject());
        Graph.Upsert(entity);
        return entity;
    }
}

/// <summary>A running async task: its scope and the root future that polls its children.</summary>
internal sealed record SimTask(string ScopeId, string RootFutureId, ulong StartedAt);
