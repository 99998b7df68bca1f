using System.Buffers;
using System.Text.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Json;

/// <summary>
/// Encodes client messages byte-for-byte as the reference client does (declaration order, no whitespace,
/// absent optionals omitted), so the simulator and benchmarks send what a real instrumented process sends.
/// </summary>
public static class ClientMessageEncoder
{
    /// <summary>
    /// A delta batch is written from its <see cref="DeltaBatch.Changes"/>, not its <see cref="DeltaBatch.PayloadJson"/>,
    /// so hand-built batches need no payload. Unknown messages and changes carry no content and cannot be encoded.
    /// </summary>
    public static byte[] Encode(ClientMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            switch (message)
            {
                case Handshake handshake: WriteHandshake(writer, handshake); break;
                case DeltaBatch batch: WriteDeltaBatch(writer, batch); break;
                case CutAck ack: WriteCutAck(writer, ack); break;
                case SnapshotReply reply: WriteSnapshotReply(writer, reply); break;
                case ClientError error: WriteError(writer, error); break;
                default: throw new ArgumentException($"{message.GetType().Name} has no wire encoding", nameof(message));
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteHandshake(Utf8JsonWriter writer, Handshake handshake)
    {
        writer.WriteStartObject("handshake");
        ReferenceJsonString.Write(writer, "process_name", handshake.ProcessName);
        writer.WriteNumber("pid", handshake.Pid);
        writer.WriteEndObject();
    }

    private static void WriteDeltaBatch(Utf8JsonWriter writer, DeltaBatch batch)
    {
        writer.WriteStartObject("delta_batch");
        ReferenceJsonString.Write(writer, "stream_id", batch.StreamId);
        writer.WriteNumber("from_seq_no", batch.FromSeqNo);
        writer.WriteNumber("next_seq_no", batch.NextSeqNo);
        writer.WriteStartArray("changes");
        foreach (var change in batch.Changes)
            ChangeEncoder.WriteEntry(writer, change);
        writer.WriteEndArray();
        writer.WriteBoolean("truncated", batch.Truncated);
        if (batch.CompactedBeforeSeqNo is { } compactedBefore)
            writer.WriteNumber("compacted_before_seq_no", compactedBefore);
        writer.WriteEndObject();
    }

    private static void WriteCutAck(Utf8JsonWriter writer, CutAck ack)
    {
        writer.WriteStartObject("cut_ack");
        ReferenceJsonString.Write(writer, "cut_id", ack.CutId);
        writer.WriteStartObject("cursor");
        ReferenceJsonString.Write(writer, "stream_id", ack.Cursor.StreamId);
        writer.WriteNumber("next_seq_no", ack.Cursor.NextSeqNo);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSnapshotReply(Utf8JsonWriter writer, SnapshotReply reply)
    {
        writer.WriteStartObject("snapshot_reply");
        writer.WriteNumber("snapshot_id", reply.SnapshotId);
        writer.WriteNumber("ptime_now_ms", reply.PtimeNowMs);
        if (reply.Snapshot is { } snapshot)
        {
            writer.WritePropertyName("snapshot");
            writer.WriteRawValue(snapshot.Span, skipInputValidation: true);
        }
        writer.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter writer, ClientError error)
    {
        writer.WriteStartObject("error");
        ReferenceJsonString.Write(writer, "process_name", error.ProcessName);
        writer.WriteNumber("pid", error.Pid);
        ReferenceJsonString.Write(writer, "stage", error.Stage);
        ReferenceJsonString.Write(writer, "error", error.Error);
        if (error.LastFrameUtf8 is { } lastFrame)
            ReferenceJsonString.Write(writer, "last_frame_utf8", lastFrame);
        writer.WriteEndObject();
    }
}
