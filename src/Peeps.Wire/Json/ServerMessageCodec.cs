using System.Buffers;
using System.Text.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Json;

/// <summary>Encodes server messages exactly as the reference does (declaration order, no whitespace) and decodes them for clients.</summary>
public static class ServerMessageCodec
{
    public static byte[] Encode(ServerMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            switch (message)
            {
                case CutRequest cut:
                    writer.WriteStartObject("cut_request");
                    ReferenceJsonString.Write(writer, "cut_id", cut.CutId);
                    writer.WriteEndObject();
                    break;
                case SnapshotRequest snapshot:
                    writer.WriteStartObject("snapshot_request");
                    writer.WriteNumber("snapshot_id", snapshot.SnapshotId);
                    writer.WriteNumber("timeout_ms", snapshot.TimeoutMs);
                    writer.WriteEndObject();
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "not a server message");
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static ServerMessage Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            var (variant, content) = Envelope.Single(document.RootElement);
            return variant switch
            {
                "cut_request" => new CutRequest(content.GetProperty("cut_id").GetString()!),
                "snapshot_request" => new SnapshotRequest(
                    content.GetProperty("snapshot_id").GetInt64(),
                    content.GetProperty("timeout_ms").GetInt64()),
                _ => throw new WireFormatException($"unknown server message variant '{variant}'"),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new WireFormatException($"malformed server message: {e.Message}", e);
        }
    }
}
