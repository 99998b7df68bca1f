using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Peeps.Simulator.Model;
using Peeps.Simulator.Runtime;

namespace Peeps.Simulator.Json;

/// <summary>The JSON payload of each client → server message, byte-for-byte as the Rust client encodes it.</summary>
public static class ClientPayloads
{
    public static byte[] Handshake(string processName, uint pid) => Envelope("handshake", w =>
    {
        w.WriteString("process_name", processName);
        w.WriteNumber("pid", pid);
    });

    public static byte[] DeltaBatch(string streamId, PullResult pull) => Envelope("delta_batch", w =>
    {
        w.WriteString("stream_id", streamId);
        w.WriteNumber("from_seq_no", pull.FromSeqNo);
        w.WriteNumber("next_seq_no", pull.NextSeqNo);
        w.WriteStartArray("changes");
        foreach (var change in pull.Changes) ModelJson.Write(w, change);
        w.WriteEndArray();
        w.WriteBoolean("truncated", pull.Truncated);
        if (pull.CompactedBeforeSeqNo is { } before) w.WriteNumber("compacted_before_seq_no", before);
    });

    public static byte[] CutAck(string cutId, string streamId, ulong nextSeqNo) => Envelope("cut_ack", w =>
    {
        w.WriteString("cut_id", cutId);
        w.WriteStartObject("cursor");
        w.WriteString("stream_id", streamId);
        w.WriteNumber("next_seq_no", nextSeqNo);
        w.WriteEndObject();
    });

    /// <summary>A null <paramref name="snapshot"/> is omitted, as the client does when it could not build one.</summary>
    public static byte[] SnapshotReply(long snapshotId, ulong ptimeNowMs, GraphSnapshot? snapshot) => Envelope("snapshot_reply", w =>
    {
        w.WriteNumber("snapshot_id", snapshotId);
        w.WriteNumber("ptime_now_ms", ptimeNowMs);
        if (snapshot is null) return;
        w.WritePropertyName("snapshot");
        ModelJson.Write(w, snapshot);
    });

    public static byte[] Error(string processName, uint pid, string stage, string error, string? lastFrameUtf8) => Envelope("error", w =>
    {
        w.WriteString("process_name", processName);
        w.WriteNumber("pid", pid);
        w.WriteString("stage", stage);
        w.WriteString("error", error);
        if (lastFrameUtf8 is not null) w.WriteString("last_frame_utf8", lastFrameUtf8);
    });

    // The Rust encoder escapes only what JSON requires; the default encoder would also escape '<', '+' and non-ASCII.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Envelope(string variant, Action<Utf8JsonWriter> writeContent)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(variant);
            writeContent(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
