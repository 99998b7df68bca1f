using System.Text.Json;
using System.Text.Json.Nodes;
using Peeps.Simulator.Model;

namespace Peeps.Simulator.Json;

/// <summary>Writes the runtime model in the reference encoder's field order and spelling.</summary>
public static class ModelJson
{
    public static void Write(Utf8JsonWriter writer, Entity entity)
    {
        writer.WriteStartObject();
        writer.WriteString("id", entity.Id);
        writer.WriteNumber("birth", entity.Birth);
        writer.WriteString("source", entity.Source);
        writer.WriteString("name", entity.Name);
        writer.WritePropertyName("body");
        entity.Body.WriteTo(writer);
        WriteMeta(writer, entity.Meta);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, Scope scope)
    {
        writer.WriteStartObject();
        writer.WriteString("id", scope.Id);
        writer.WriteNumber("birth", scope.Birth);
        writer.WriteString("source", scope.Source);
        writer.WriteString("name", scope.Name);
        writer.WriteString("body", WireName.Of(scope.Body));
        WriteMeta(writer, scope.Meta);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, Edge edge)
    {
        writer.WriteStartObject();
        writer.WriteString("src", edge.Src);
        writer.WriteString("dst", edge.Dst);
        writer.WriteString("kind", WireName.Of(edge.Kind));
        WriteMeta(writer, edge.Meta);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, Event evt)
    {
        writer.WriteStartObject();
        writer.WriteString("id", evt.Id);
        writer.WriteNumber("at", evt.At);
        writer.WriteString("source", evt.Source);
        writer.WriteStartObject("target");
        writer.WriteString(evt.Target.IsScope ? "scope" : "entity", evt.Target.Id);
        writer.WriteEndObject();
        writer.WriteString("kind", WireName.Of(evt.Kind));
        WriteMeta(writer, evt.Meta);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, SequencedChange change)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq_no", change.SeqNo);
        writer.WriteStartObject("change");
        writer.WritePropertyName(change.Change.Variant);
        WriteContent(writer, change.Change);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, GraphSnapshot snapshot)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("entities");
        foreach (var entity in snapshot.Entities) Write(writer, entity);
        writer.WriteEndArray();
        writer.WriteStartArray("scopes");
        foreach (var scope in snapshot.Scopes) Write(writer, scope);
        writer.WriteEndArray();
        writer.WriteStartArray("edges");
        foreach (var edge in snapshot.Edges) Write(writer, edge);
        writer.WriteEndArray();
        writer.WriteStartArray("events");
        foreach (var evt in snapshot.Events) Write(writer, evt);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter writer, GraphChange change)
    {
        switch (change)
        {
            case UpsertEntityChange c: Write(writer, c.Entity); break;
            case UpsertScopeChange c: Write(writer, c.Scope); break;
            case UpsertEdgeChange c: Write(writer, c.Edge); break;
            case AppendEventChange c: Write(writer, c.Event); break;
            case RemoveEntityChange c: WriteId(writer, c.Id); break;
            case RemoveScopeChange c: WriteId(writer, c.Id); break;
            case UpsertEntityScopeLinkChange c: WriteLink(writer, c.EntityId, c.ScopeId); break;
            case RemoveEntityScopeLinkChange c: WriteLink(writer, c.EntityId, c.ScopeId); break;
            case RemoveEdgeChange c:
                writer.WriteStartObject();
                writer.WriteString("src", c.Src);
                writer.WriteString("dst", c.Dst);
                writer.WriteString("kind", WireName.Of(c.Kind));
                writer.WriteEndObject();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change.GetType().Name, "unknown change");
        }
    }

    private static void WriteId(Utf8JsonWriter writer, string id)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteEndObject();
    }

    private static void WriteLink(Utf8JsonWriter writer, string entityId, string scopeId)
    {
        writer.WriteStartObject();
        writer.WriteString("entity_id", entityId);
        writer.WriteString("scope_id", scopeId);
        writer.WriteEndObject();
    }

    private static void WriteMeta(Utf8JsonWriter writer, JsonNode? meta)
    {
        writer.WritePropertyName("meta");
        if (meta is null) writer.WriteNullValue();
        else meta.WriteTo(writer);
    }
}
