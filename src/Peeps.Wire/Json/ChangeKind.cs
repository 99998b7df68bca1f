namespace Peeps.Wire.Json;

/// <summary>The change variants this server understands, matched once on the variant key.</summary>
internal enum ChangeKind
{
    Unknown,
    UpsertEntity,
    RemoveEntity,
    UpsertScope,
    RemoveScope,
    UpsertEntityScopeLink,
    RemoveEntityScopeLink,
    UpsertEdge,
    RemoveEdge,
    AppendEvent,
}
