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
            return ReadDocument(ref reader, json, new StringPool());
        }
        catch (JsonException bad)
        {
            throw new SnapshotFormatException($"not a snapshot document: {bad.Message}", bad);
        }
    }

    private static SnapshotDocument ReadDocument(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, StringPool pool)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the document");
        long? snapshotId = null;
        long capturedAt = 0;
        var processes = new List<ProcessSnapshot>();
        var unanswered = new List<ProcessRef>();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("snapshot_id"u8)) snapshotId = ReadLong(ref reader);
            else if (reader.ValueTextEquals("captured_at_unix_ms"u8)) capturedAt = ReadLong(ref reader) ?? 0;
            else if (reader.ValueTextEquals("processes"u8)) ReadArray(ref reader, json, pool, processes, ReadProcess);
            else if (reader.ValueTextEquals("timed_out_processes"u8) || reader.ValueTextEquals("processes_without_snapshot"u8)
                     || reader.ValueTextEquals("disconnected_processes"u8) || reader.ValueTextEquals("too_large_processes"u8))
                ReadArray(ref reader, json, pool, unanswered, ReadIdentityOnly);
            else reader.Skip();
        }
        return new SnapshotDocument(snapshotId, capturedAt, processes, unanswered);
    }

    private static ProcessSnapshot ReadProcess(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, StringPool pool)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a process");
        long connId = 0, pid = 0, ptime = 0;
        var processName = "";
        var entities = new List<EntityInfo>();
        var edges = new List<EdgeInfo>();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("process_id"u8)) connId = ReadLong(ref reader) ?? 0;
            else if (reader.ValueTextEquals("process_name"u8)) processName = ReadString(ref reader) ?? "";
            else if (reader.ValueTextEquals("pid"u8)) pid = ReadLong(ref reader) ?? 0;
            else if (reader.ValueTextEquals("ptime_now_ms"u8)) ptime = ReadLong(ref reader) ?? 0;
            else if (reader.ValueTextEquals("snapshot"u8)) ReadGraph(ref reader, json, pool, entities, edges);
            else reader.Skip();
        }
        return new ProcessSnapshot(new ProcessRef(connId, processName, pid), ptime, entities, edges);
    }

    private static ProcessRef ReadIdentityOnly(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, StringPool pool)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a process");
        long connId = 0, pid = 0;
        var processName = "";
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("process_id"u8)) connId = ReadLong(ref reader) ?? 0;
            else if (reader.ValueTextEquals("process_name"u8)) processName = ReadString(ref reader) ?? "";
            else if (reader.ValueTextEquals("pid"u8)) pid = ReadLong(ref reader) ?? 0;
            else reader.Skip();
        }
        return new ProcessRef(connId, processName, pid);
    }

    private static void ReadGraph(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, StringPool pool, List<EntityInfo> entities, List<EdgeInfo> edges)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        Expect(ref reader, JsonTokenType.StartObject, "a snapshot");
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("entities"u8)) ReadArray(ref reader, json, pool, entities, ReadEntity);
            else if (reader.ValueTextEquals("edges"u8)) ReadArray(ref reader, json, pool, edges, ReadEdge);
            else reader.Skip();
        }
    }

    private static EntityInfo ReadEntity(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, StringPool pool)
    {
        Expect(ref reader, JsonTokenType.StartObject, "an entity");
        string id = "", name = "", kind = "unknown", body = "null";
        string? source = null;
        long? birth = null;
        var facts = EntityFacts.None;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) id = ReadPooled(ref reader, pool) ?? "";
            else if (reader.ValueTextEquals("name"u8)) name = ReadPooled(ref reader, pool) ?? "";
            else if (reader.ValueTextEquals("source"u8)) source = ReadPooled(ref reader, pool);
            else if (reader.ValueTextEquals("birth"u8)) birth = ReadLong(ref reader);
            else if (reader.ValueTextEquals("body"u8)) (kind, body, facts) = EntityBodyReader.Read(ref reader, json);
            else reader.Skip();
        }
        return new EntityInfo(id, name, birth, source, kind, body, facts);
    }

    private static EdgeInfo ReadEdge(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, StringPool pool)
    {
        Expect(ref reader, JsonTokenType.StartObject, "an edge");
        string src = "", dst = "", kind = "";
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("src"u8)) src = ReadPooled(ref reader, pool) ?? "";
            else if (reader.ValueTextEquals("dst"u8)) dst = ReadPooled(ref reader, pool) ?? "";
            else if (reader.ValueTextEquals("kind"u8)) kind = ReadEdgeKind(ref reader);
            else reader.Skip();
        }
        return new EdgeInfo(src, dst, kind);
    }

    private delegate T ItemReader<out T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, StringPool pool);

    private static void ReadArray<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, StringPool pool, List<T> into, ItemReader<T> item)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected an array, found {reader.TokenType}");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            into.Add(item(ref reader, json, pool));
    }

    /// <summary>Moves to the next property name of the current object (compare it with <c>ValueTextEquals</c>); false at the object's end.</summary>
    internal static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject) return false;
        if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException($"expected a property, found {reader.TokenType}");
        return true;
    }

    /// <summary>The five known edge kinds come back as the shared constants, so a snapshot's edges do not each carry a copy.</summary>
    private static string ReadEdgeKind(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return "";
        }
        if (reader.ValueTextEquals("needs"u8)) return EdgeInfo.Needs;
        if (reader.ValueTextEquals("polls"u8)) return EdgeInfo.Polls;
        if (reader.ValueTextEquals("channel_link"u8)) return EdgeInfo.ChannelLink;
        if (reader.ValueTextEquals("rpc_link"u8)) return EdgeInfo.RpcLink;
        if (reader.ValueTextEquals("closed_by"u8)) return EdgeInfo.ClosedBy;
        return reader.GetString() ?? "";
    }

    private static string? ReadPooled(ref Utf8JsonReader reader, StringPool pool)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String) return pool.Get(ref reader);
        reader.Skip();
        return null;
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
