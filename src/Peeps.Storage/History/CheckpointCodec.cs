using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Peeps.Storage.History;

/// <summary>
/// The stored form of a <see cref="StreamState"/> (<c>stream_checkpoints.state_json</c>): JSON arrays of keys and
/// the raw JSON values exactly as they arrived, so a state read back is byte for byte the state written.
/// </summary>
public static class CheckpointCodec
{
    private const int Version = 1;

    public static byte[] Write(StreamState state)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            if (state.Clock.OffsetMs is { } offset) json.WriteNumber("clock_offset_ms", offset);
            else json.WriteNull("clock_offset_ms");
            json.WriteStartArray("entities");
            foreach (var (id, value) in state.Entities)
                Pair(json, id, value);
            json.WriteEndArray();
            json.WriteStartArray("scopes");
            foreach (var (id, value) in state.Scopes)
                Pair(json, id, value);
            json.WriteEndArray();
            json.WriteStartArray("links");
            foreach (var (entity, scope) in state.Links)
            {
                json.WriteStartArray();
                json.WriteStringValue(entity);
                json.WriteStringValue(scope);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteStartArray("edges");
            foreach (var (key, value) in state.Edges)
            {
                json.WriteStartArray();
                json.WriteStringValue(key.Src);
                json.WriteStringValue(key.Dst);
                json.WriteRawValue(key.KindJson, skipInputValidation: true);
                json.WriteRawValue(value.Span, skipInputValidation: true);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteStartArray("events");
            foreach (var (seq, value) in state.Events)
            {
                json.WriteStartArray();
                json.WriteNumberValue(seq);
                json.WriteRawValue(value.Span, skipInputValidation: true);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void Pair(Utf8JsonWriter json, string id, ReadOnlyMemory<byte> value)
    {
        json.WriteStartArray();
        json.WriteStringValue(id);
        json.WriteRawValue(value.Span, skipInputValidation: true);
        json.WriteEndArray();
    }

    /// <summary>The returned state's values alias <paramref name="bytes"/>.</summary>
    /// <exception cref="InvalidDataException">the bytes are not a checkpoint this version wrote.</exception>
    public static StreamState Read(ReadOnlyMemory<byte> bytes, int maxEvents)
    {
        var state = new StreamState(maxEvents);
        try
        {
            var reader = new Utf8JsonReader(bytes.Span);
            Expect(ref reader, JsonTokenType.StartObject);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("v"u8))
                {
                    reader.Read();
                    if (reader.GetInt32() != Version) throw new InvalidDataException($"checkpoint version {reader.GetInt32()} is not {Version}");
                }
                else if (reader.ValueTextEquals("clock_offset_ms"u8))
                {
                    reader.Read();
                    state.Clock = reader.TokenType == JsonTokenType.Null ? ProcessClock.Unknown : new ProcessClock(reader.GetInt64());
                }
                else if (reader.ValueTextEquals("entities"u8))
                    ReadItems(ref reader, bytes, (ref Utf8JsonReader r) => state.SetEntity(r.GetString()!, RawNext(ref r, bytes)));
                else if (reader.ValueTextEquals("scopes"u8))
                    ReadItems(ref reader, bytes, (ref Utf8JsonReader r) => state.SetScope(r.GetString()!, RawNext(ref r, bytes)));
                else if (reader.ValueTextEquals("links"u8))
                    ReadItems(ref reader, bytes, (ref Utf8JsonReader r) =>
                    {
                        var entity = r.GetString()!;
                        r.Read();
                        state.AddLink(entity, r.GetString()!);
                    });
                else if (reader.ValueTextEquals("edges"u8))
                    ReadItems(ref reader, bytes, (ref Utf8JsonReader r) =>
                    {
                        var src = r.GetString()!;
                        r.Read();
                        var dst = r.GetString()!;
                        var kind = Encoding.UTF8.GetString(RawNext(ref r, bytes).Span);
                        state.SetEdge(new EdgeKey(src, dst, kind), RawNext(ref r, bytes));
                    });
                else if (reader.ValueTextEquals("events"u8))
                    ReadItems(ref reader, bytes, (ref Utf8JsonReader r) => state.SetEvent(r.GetUInt64(), RawNext(ref r, bytes)));
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"not a stream checkpoint: {e.Message}", e);
        }
        return state;
    }

    private delegate void ItemReader(ref Utf8JsonReader reader);

    /// <summary>An array of arrays; <paramref name="item"/> starts on each inner array's first element and may read on inside it.</summary>
    private static void ReadItems(ref Utf8JsonReader reader, ReadOnlyMemory<byte> bytes, ItemReader item)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected an array, found {reader.TokenType}");
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            item(ref reader);
            while (reader.TokenType != JsonTokenType.EndArray || reader.CurrentDepth != 2)
                reader.Read();
        }
    }

    /// <summary>Moves to the next value and returns it as a slice (a whole object or array, or one scalar token).</summary>
    private static ReadOnlyMemory<byte> RawNext(ref Utf8JsonReader reader, ReadOnlyMemory<byte> bytes)
    {
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
        return bytes[start..(int)reader.BytesConsumed];
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type) throw new JsonException($"expected {type}, found {reader.TokenType}");
    }
}
