using System.Text.Json;
using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Reading;

/// <summary>
/// Reads a <c>POST /api/snapshot</c> answer (the contract's members and ours) into a <see cref="SnapshotDocument"/>
/// in one forward pass. Only what the diagnosis needs is kept; scopes, events and meta are skipped. Unknown
/// members are ignored, so upstream's documents and ours both read.
/// </summary>
public static class SnapshotDocumentReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 256 };

    /// <exception cref="SnapshotFormatException">the bytes are not a snapshot document.</exception>
    public static SnapshotDocument Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            return ReadDocument(ref reader, json);
        }
        catch (JsonException bad)
        {
            throw new SnapshotFormatException($"not a snapshot document: {bad.Message}", bad);
        }
    }

    private static SnapshotDocument ReadDocument(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the document");
        long? snapshotId = null;
        long capturedAt = 0;
        var processes = new List<ProcessSnapshot>();
        var unanswered = new List<ProcessRef>();
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "snapshot_id": snapshotId = ReadLong(ref reader); break;
                case "captured_at_unix_ms": capturedAt = ReadLong(ref reader) ?? 0; break;
                case "processes": ReadArray(ref reader, json, processes, ReadProcess); break;
                case "timed_out_processes":
                case "processes_without_snapshot":
                case "disconnected_processes":
                    ReadArray(ref reader, json, unanswered, ReadIdentityOnly); break;
                default: reader.Skip(); break;
            }
        }
        return new SnapshotDocument(snapshotId, capturedAt, processes, unanswered);
    }

    private static ProcessSnapshot ReadProcess(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a process");
        long connId = 0, pid = 0, ptime = 0;
        var processName = "";
        var entities = new List<EntityInfo>();
        var edges = new List<EdgeInfo>();
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "process_id": connId = ReadLong(ref reader) ?? 0; break;
                case "process_name": processName = ReadString(ref reader) ?? ""; break;
                case "pid": pid = ReadLong(ref reader) ?? 0; break;
                case "ptime_now_ms": ptime = ReadLong(ref reader) ?? 0; break;
                case "snapshot": ReadGraph(ref reader, json, entities, edges); break;
                default: reader.Skip(); break;
            }
        }
        return new ProcessSnapshot(new ProcessRef(connId, processName, pid), ptime, entities, edges);
    }

    private static ProcessRef ReadIdentityOnly(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a process");
        long connId = 0, pid = 0;
        var processName = "";
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "process_id": connId = ReadLong(ref reader) ?? 0; break;
                case "process_name": processName = ReadString(ref reader) ?? ""; break;
                case "pid": pid = ReadLong(ref reader) ?? 0; break;
                default: reader.Skip(); break;
            }
        }
        return new ProcessRef(connId, processName, pid);
    }

    private static void ReadGraph(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, List<EntityInfo> entities, List<EdgeInfo> edges)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        Expect(ref reader, JsonTokenType.StartObject, "a snapshot");
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "entities": ReadArray(ref reader, json, entities, ReadEntity); break;
                case "edges": ReadArray(ref reader, json, edges, ReadEdge); break;
                default: reader.Skip(); break;
            }
        }
    }

    private static EntityInfo ReadEntity(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        Expect(ref reader, JsonTokenType.StartObject, "an entity");
        string id = "", name = "", kind = "unknown", body = "null";
        string? source = null;
        long? birth = null;
        var facts = EntityFacts.None;
        while (NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "id": id = ReadString(ref reader) ?? ""; break;
                case "name": name = ReadString(ref reader) ?? ""; break;
                case "source": source = ReadString(ref reader); break;
                case "birth": birth = ReadLong(ref reader); break;
                case "body": (kind, body, facts) = EntityBodyReader.Read(ref reader, json); break;
                default: reader.Skip(); break;
            }
        }
        return new EntityInfo(id, name, birth, source, kind, body, facts);
    }

    private static EdgeInfo ReadEdge(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        Expect(ref reader, JsonTokenType.StartObject, "an edge");
        string src = "", dst = "", kind = "";
        while (NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "src": src = ReadString(ref reader) ?? ""; break;
                case "dst": dst = ReadString(ref reader) ?? ""; break;
                case "kind": kind = ReadString(ref reader) ?? ""; break;
                default: reader.Skip(); break;
            }
        }
        return new EdgeInfo(src, dst, kind);
    }

    private delegate T ItemReader<out T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> json);

    private static void ReadArray<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, List<T> into, ItemReader<T> item)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected an array, found {reader.TokenType}");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            into.Add(item(ref reader, json));
    }

    /// <summary>Moves to the next property of the current object and returns its name, or null at the object's end.</summary>
    internal static string? NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject) return null;
        if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException($"expected a property, found {reader.TokenType}");
        return reader.GetString();
    }

    internal static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => SkipAndReturnNull(ref reader),
        };
    }

    internal static long? ReadLong(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return null;
        }
        if (reader.TryGetInt64(out var value)) return value;
        // u64 values past long's range and fractions are clamped: they are times and counts, compared, not echoed.
        return reader.TryGetDouble(out var real) ? (long)Math.Clamp(real, long.MinValue, long.MaxValue) : null;
    }

    private static string? SkipAndReturnNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType == JsonTokenType.None) reader.Read();
        if (reader.TokenType != type) throw new JsonException($"expected {what} to be {type}, found {reader.TokenType}");
    }
}
