using Peeps.Wire.Messages;

namespace Peeps.Wire.Json;

/// <summary>
/// A change whose content was read before its <c>seq_no</c>: field order is free, so the record is
/// only built once the whole element has been read.
/// </summary>
internal readonly record struct PendingChange(ChangeKind Kind, KeyedObject Content, string? UnknownVariant)
{
    public Change Complete(ulong seqNo) => Kind switch
    {
        ChangeKind.UpsertEntity => new UpsertEntity(seqNo, Content.Id!, Content.Json),
        ChangeKind.RemoveEntity => new RemoveEntity(seqNo, Content.Id!),
        ChangeKind.UpsertScope => new UpsertScope(seqNo, Content.Id!, Content.Json),
        ChangeKind.RemoveScope => new RemoveScope(seqNo, Content.Id!),
        ChangeKind.UpsertEntityScopeLink => new UpsertEntityScopeLink(seqNo, Content.EntityId!, Content.ScopeId!),
        ChangeKind.RemoveEntityScopeLink => new RemoveEntityScopeLink(seqNo, Content.EntityId!, Content.ScopeId!),
        ChangeKind.UpsertEdge => new UpsertEdge(seqNo, Content.Src!, Content.Dst!, Content.KindJson!, Content.Json),
        ChangeKind.RemoveEdge => new RemoveEdge(seqNo, Content.Src!, Content.Dst!, Content.KindJson!),
        ChangeKind.AppendEvent => new AppendEvent(seqNo, Content.Id!, Content.At, Content.Json),
        _ => new UnknownChange(seqNo, UnknownVariant!),
    };
}
