using System.Text.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Json;

/// <summary>Decodes the client messages other than delta batches: rare, small, and fully interpreted.</summary>
internal static class ControlMessageDecoder
{
    public static Handshake ReadHandshake(ref WireReader reader)
    {
        const int processName = 1, pid = 2;
        reader.ReadStartObject("handshake");
        var seen = new FieldSet("handshake");
        string name = "";
        uint id = 0;
        while (reader.NextProperty())
        {
            if (reader.Is("process_name"u8)) { seen.Mark(ref reader, processName, "process_name"); name = reader.ReadString("process_name"); }
            else if (reader.Is("pid"u8)) { seen.Mark(ref reader, pid, "pid"); id = reader.ReadUInt32("pid"); }
            else reader.SkipValue();
        }
        seen.Require(ref reader, processName, "process_name");
        seen.Require(ref reader, pid, "pid");
        return new Handshake(name, id);
    }

    public static CutAck ReadCutAck(ref WireReader reader)
    {
        const int cutId = 1, cursor = 2;
        reader.ReadStartObject("cut_ack");
        var seen = new FieldSet("cut_ack");
        string id = "";
        StreamCursor? position = null;
        while (reader.NextProperty())
        {
            if (reader.Is("cut_id"u8)) { seen.Mark(ref reader, cutId, "cut_id"); id = reader.ReadString("cut_id"); }
            else if (reader.Is("cursor"u8)) { seen.Mark(ref reader, cursor, "cursor"); position = ReadCursor(ref reader); }
            else reader.SkipValue();
        }
        seen.Require(ref reader, cutId, "cut_id");
        seen.Require(ref reader, cursor, "cursor");
        return new CutAck(id, position!);
    }

    public static SnapshotReply ReadSnapshotReply(ref WireReader reader)
    {
        const int snapshotId = 1, ptimeNowMs = 2, snapshot = 4;
        reader.ReadStartObject("snapshot_reply");
        var seen = new FieldSet("snapshot_reply");
        long id = 0;
        ulong now = 0;
        ReadOnlyMemory<byte>? json = null;
        while (reader.NextProperty())
        {
            if (reader.Is("snapshot_id"u8)) { seen.Mark(ref reader, snapshotId, "snapshot_id"); id = reader.ReadInt64("snapshot_id"); }
            else if (reader.Is("ptime_now_ms"u8)) { seen.Mark(ref reader, ptimeNowMs, "ptime_now_ms"); now = reader.ReadUInt64("ptime_now_ms"); }
            else if (reader.Is("snapshot"u8)) { seen.Mark(ref reader, snapshot, "snapshot"); json = ReadOptionalObject(ref reader, "snapshot"); }
            else reader.SkipValue();
        }
        seen.Require(ref reader, snapshotId, "snapshot_id");
        seen.Require(ref reader, ptimeNowMs, "ptime_now_ms");
        return new SnapshotReply(id, now, json);
    }

    public static ClientError ReadError(ref WireReader reader)
    {
        const int processName = 1, pid = 2, stage = 4, error = 8, lastFrame = 16;
        reader.ReadStartObject("error");
        var seen = new FieldSet("error");
        string name = "", failedStage = "", message = "";
        string? frame = null;
        uint id = 0;
        while (reader.NextProperty())
        {
            if (reader.Is("process_name"u8)) { seen.Mark(ref reader, processName, "process_name"); name = reader.ReadString("process_name"); }
            else if (reader.Is("pid"u8)) { seen.Mark(ref reader, pid, "pid"); id = reader.ReadUInt32("pid"); }
            else if (reader.Is("stage"u8)) { seen.Mark(ref reader, stage, "stage"); failedStage = reader.ReadString("stage"); }
            else if (reader.Is("error"u8)) { seen.Mark(ref reader, error, "error"); message = reader.ReadString("error"); }
            else if (reader.Is("last_frame_utf8"u8)) { seen.Mark(ref reader, lastFrame, "last_frame_utf8"); frame = reader.ReadOptionalString("last_frame_utf8"); }
            else reader.SkipValue();
        }
        seen.Require(ref reader, processName, "process_name");
        seen.Require(ref reader, pid, "pid");
        seen.Require(ref reader, stage, "stage");
        seen.Require(ref reader, error, "error");
        return new ClientError(name, id, failedStage, message, frame);
    }

    private static StreamCursor ReadCursor(ref WireReader reader)
    {
        const int streamId = 1, nextSeqNo = 2;
        reader.ReadStartObject("cursor");
        var seen = new FieldSet("cursor");
        string stream = "";
        ulong next = 0;
        while (reader.NextProperty())
        {
            if (reader.Is("stream_id"u8)) { seen.Mark(ref reader, streamId, "stream_id"); stream = reader.ReadString("stream_id"); }
            else if (reader.Is("next_seq_no"u8)) { seen.Mark(ref reader, nextSeqNo, "next_seq_no"); next = reader.ReadUInt64("next_seq_no"); }
            else reader.SkipValue();
        }
        seen.Require(ref reader, streamId, "stream_id");
        seen.Require(ref reader, nextSeqNo, "next_seq_no");
        return new StreamCursor(stream, next);
    }

    /// <summary>The reference omits an absent snapshot, but an explicit null means the same to its decoder.</summary>
    private static ReadOnlyMemory<byte>? ReadOptionalObject(ref WireReader reader, string field)
    {
        reader.Next();
        if (reader.Token == JsonTokenType.Null) return null;
        reader.ExpectCurrent(JsonTokenType.StartObject, field, "an object or null");
        return reader.CurrentObjectSlice();
    }
}
