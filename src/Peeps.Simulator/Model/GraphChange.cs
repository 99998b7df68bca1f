namespace Peeps.Simulator.Model;

/// <summary>
/// One entry of a process's change stream (the wire's <c>Change</c>). <see cref="CompactionKey"/> names the
/// thing a change is about, so compaction can keep only the latest change per key; events have none and are always kept.
/// </summary>
public abstract record GraphChange
{
    public abstract string Variant { get; }

    public abstract string? CompactionKey { get; }
}

public sealed record UpsertEntityChange(Entity Entity) : GraphChange
{
    public override string Variant => "upsert_entity";
    public override string CompactionKey => "e:" + Entity.Id;
}

public sealed record RemoveEntityChange(string Id) : GraphChange
{
    public override string Variant => "remove_entity";
    public override string CompactionKey => "e:" + Id;
}

public sealed record UpsertScopeChange(Scope Scope) : GraphChange
{
    public override string Variant => "upsert_scope";
    public override string CompactionKey => "s:" + Scope.Id;
}

public sealed record RemoveScopeChange(string Id) : GraphChange
{
    public override string Variant => "remove_scope";
    public override string CompactionKey => "s:" + Id;
}

public sealed record UpsertEntityScopeLinkChange(string EntityId, string ScopeId) : GraphChange
{
    public override string Variant => "upsert_entity_scope_link";
    public override string CompactionKey => $"l:{EntityId}/{ScopeId}";
}

public sealed record RemoveEntityScopeLinkChange(string EntityId, string ScopeId) : GraphChange
{
    public override string Variant => "remove_entity_scope_link";
    public override string CompactionKey => $"l:{EntityId}/{ScopeId}";
}

public sealed record UpsertEdgeChange(Edge Edge) : GraphChange
{
    public override string Variant => "upsert_edge";
    public override string CompactionKey => $"g:{Edge.Src}/{Edge.Dst}/{Edge.Kind}";
}

public sealed record RemoveEdgeChange(string Src, string Dst, EdgeKind Kind) : GraphChange
{
    public override string Variant => "remove_edge";
    public override string CompactionKey => $"g:{Src}/{Dst}/{Kind}";
}

public sealed record AppendEventChange(Event Event) : GraphChange
{
    public override string Variant => "append_event";
    public override string? CompactionKey => null;
}

public readonly record struct SequencedChange(ulong SeqNo, GraphChange Change);
