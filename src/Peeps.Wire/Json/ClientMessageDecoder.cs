using System.Text.Json;
using System.Text.Unicode;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Json;

/// <summary>
/// Decodes a client frame's payload in one forward pass, reading only what the server keys on and
/// keeping entity, scope, edge, event and snapshot objects as slices of <c>payload</c> (never copied),
/// so the bytes stored are exactly the bytes sent.
/// </summary>
public static class ClientMessageDecoder
{
    /// <summary>
    /// Throws <see cref="WireFormatException"/>, and nothing else, for anything that is not a valid client message.
    /// The returned slices alias <paramref name="payload"/>: keep it alive and unchanged while they are used.
    /// </summary>
    public static ClientMessage Decode(ReadOnlyMemory<byte> payload)
    {
        // JSON text is UTF-8 by definition; the reader only checks strings it unescapes, and the raw slices go to storage as-is.
        if (!Utf8.IsValid(payload.Span))
            throw new WireFormatException("message is not valid UTF-8");
        try
        {
            var reader = new WireReader(payload);
            var message = ReadEnvelope(ref reader);
            reader.EndOfDocument();
            return message;
        }
        catch (JsonException e)
        {
            throw new WireFormatException($"message is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader reports a string escape that is not valid UTF-16 (a lone surrogate) this way.
            throw new WireFormatException($"message has an invalid string: {e.Message}", e);
        }
    }

    private static ClientMessage ReadEnvelope(ref WireReader reader)
    {
        reader.Next();
        if (reader.Token == JsonTokenType.String)
            return ReadUnitVariant(ref reader);
        reader.ExpectCurrent(JsonTokenType.StartObject, "message", "an object with one variant key");
        if (!reader.NextProperty()) throw reader.Fail("message object is empty; expected one variant key");
        var message = ReadVariant(ref reader);
        if (reader.NextProperty()) throw reader.Fail("message object has more than one key; expected one variant key");
        return message;
    }

    /// <summary>A newer client's data-less variant encodes as a bare string; every variant we know has content.</summary>
    private static ClientMessage ReadUnitVariant(ref WireReader reader)
    {
        var variant = reader.Text();
        if (IsKnown(ref reader)) throw reader.Fail($"message variant '{variant}' needs content");
        return new UnknownClientMessage(variant);
    }

    private static ClientMessage ReadVariant(ref WireReader reader)
    {
        if (reader.Is("delta_batch"u8)) return DeltaBatchDecoder.Read(ref reader);
        if (reader.Is("handshake"u8)) return ControlMessageDecoder.ReadHandshake(ref reader);
        if (reader.Is("cut_ack"u8)) return ControlMessageDecoder.ReadCutAck(ref reader);
        if (reader.Is("snapshot_reply"u8)) return ControlMessageDecoder.ReadSnapshotReply(ref reader);
        if (reader.Is("error"u8)) return ControlMessageDecoder.ReadError(ref reader);
        var variant = reader.Text();
        reader.SkipValue();
        return new UnknownClientMessage(variant);
    }

    private static bool IsKnown(ref WireReader reader) =>
        reader.Is("delta_batch"u8) || reader.Is("handshake"u8) || reader.Is("cut_ack"u8)
        || reader.Is("snapshot_reply"u8) || reader.Is("error"u8);
}
