namespace Peeps.Wire.Messages;

/// <summary>
/// One change of a delta batch. Only the fields the server keys on are decoded; the object itself
/// (entity, scope, edge, event) is kept as the raw UTF-8 JSON that arrived.
/// </summary>
public abstract record Change(ulong SeqNo);

public sealed record UpsertEntity(ulong SeqNo, string Id, ReadOnlyMemory<byte> Json) : Change(SeqNo);

public sealed record RemoveEntity(ulong SeqNo, string Id) : Change(SeqNo);

public sealed record UpsertScope(ulong SeqNo, string Id, ReadOnlyMemory<byte> Json) : Change(SeqNo);

public sealed record RemoveScope(ulong SeqNo, string Id) : Change(SeqNo);

public sealed record UpsertEntityScopeLink(ulong SeqNo, string EntityId, string ScopeId) : Change(SeqNo);

public sealed record RemoveEntityScopeLink(ulong SeqNo, string EntityId, string ScopeId) : Change(SeqNo);

/// <summary><paramref name="KindJson"/> is the edge kind as a JSON literal, quotes included (<c>"needs"</c>).</summary>
public sealed record UpsertEdge(ulong SeqNo, string Src, string Dst, string KindJson, ReadOnlyMemory<byte> Json) : Change(SeqNo);

/// <summary><paramref name="KindJson"/> is the edge kind as a JSON literal, quotes included (<c>"needs"</c>).</summary>
public sealed record RemoveEdge(ulong SeqNo, string Src, string Dst, string KindJson) : Change(SeqNo);

/// <summary><paramref name="At"/> is the event's process-relative time in ms.</summary>
public sealed record AppendEvent(ulong SeqNo, string Id, ulong At, ReadOnlyMemory<byte> Json) : Change(SeqNo);

/// <summary>A change variant this server does not know; kept in the batch payload, otherwise ignored.</summary>
public sealed record UnknownChange(ulong SeqNo, string Variant) : Change(SeqNo);
