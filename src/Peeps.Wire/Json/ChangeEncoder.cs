using System.Text.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Json;

/// <summary>Writes one <c>{"seq_no", "change"}</c> element; entity, scope, edge and event objects go out verbatim.</summary>
internal static class ChangeEncoder
{
    public static void WriteEntry(Utf8JsonWriter writer, Change change)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq_no", change.SeqNo);
        writer.WriteStartObject("change");
        switch (change)
        {
            case UpsertEntity upsert: WriteRaw(writer, "upsert_entity", upsert.Json); break;
            case RemoveEntity remove: WriteId(writer, "remove_entity", remove.Id); break;
            case UpsertScope upsert: WriteRaw(writer, "upsert_scope", upsert.Json); break;
            case RemoveScope remove: WriteId(writer, "remove_scope", remove.Id); break;
            case UpsertEntityScopeLink link: WriteLink(writer, "upsert_entity_scope_link", link.EntityId, link.ScopeId); break;
            case RemoveEntityScopeLink link: WriteLink(writer, "remove_entity_scope_link", link.EntityId, link.ScopeId); break;
            case UpsertEdge upsert: WriteRaw(writer, "upsert_edge", upsert.Json); break;
            case RemoveEdge remove: WriteRemoveEdge(writer, remove); break;
            case AppendEvent append: WriteRaw(writer, "append_event", append.Json); break;
            default: throw new ArgumentException($"{change.GetType().Name} has no wire encoding", nameof(change));
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteRaw(Utf8JsonWriter writer, string variant, ReadOnlyMemory<byte> json)
    {
        writer.WritePropertyName(variant);
        writer.WriteRawValue(json.Span, skipInputValidation: true);
    }

    private static void WriteId(Utf8JsonWriter writer, string variant, string id)
    {
        writer.WriteStartObject(variant);
        ReferenceJsonString.Write(writer, "id", id);
        writer.WriteEndObject();
    }

    private static void WriteLink(Utf8JsonWriter writer, string variant, string entityId, string scopeId)
    {
        writer.WriteStartObject(variant);
        ReferenceJsonString.Write(writer, "entity_id", entityId);
        ReferenceJsonString.Write(writer, "scope_id", scopeId);
        writer.WriteEndObject();
    }

    private static void WriteRemoveEdge(Utf8JsonWriter writer, RemoveEdge remove)
    {
        writer.WriteStartObject("remove_edge");
        ReferenceJsonString.Write(writer, "src", remove.Src);
        ReferenceJsonString.Write(writer, "dst", remove.Dst);
        writer.WritePropertyName("kind");
        writer.WriteRawValue(remove.KindJson, skipInputValidation: true);
        writer.WriteEndObject();
    }
}
