using Peeps.Wire.Messages;

namespace Peeps.Wire.Json;

/// <summary>Decodes the content of a <c>delta_batch</c> message (the wire's <c>PullChangesResponse</c>).</summary>
internal static class DeltaBatchDecoder
{
    private const string Owner = "delta_batch";
    private const int StreamId = 1, FromSeqNo = 2, NextSeqNo = 4, Changes = 8, Truncated = 16, CompactedBefore = 32;

    /// <summary>A 100 ms pull holds at most 2048 changes; starting near a typical batch avoids regrowing the list.</summary>
    private const int TypicalChanges = 256;

    public static DeltaBatch Read(ref WireReader reader)
    {
        reader.ReadStartObject(Owner);
        var start = reader.Position;
        var seen = new FieldSet(Owner);
        string streamId = "";
        ulong fromSeqNo = 0, nextSeqNo = 0;
        ulong? compactedBefore = null;
        var truncated = false;
        List<Change> changes = [];
        while (reader.NextProperty())
        {
            if (reader.Is("stream_id"u8)) { seen.Mark(ref reader, StreamId, "stream_id"); streamId = reader.ReadString("stream_id"); }
            else if (reader.Is("from_seq_no"u8)) { seen.Mark(ref reader, FromSeqNo, "from_seq_no"); fromSeqNo = reader.ReadUInt64("from_seq_no"); }
            else if (reader.Is("next_seq_no"u8)) { seen.Mark(ref reader, NextSeqNo, "next_seq_no"); nextSeqNo = reader.ReadUInt64("next_seq_no"); }
            else if (reader.Is("changes"u8)) { seen.Mark(ref reader, Changes, "changes"); changes = ReadChanges(ref reader); }
            else if (reader.Is("truncated"u8)) { seen.Mark(ref reader, Truncated, "truncated"); truncated = reader.ReadBool("truncated"); }
            else if (reader.Is("compacted_before_seq_no"u8)) { seen.Mark(ref reader, CompactedBefore, "compacted_before_seq_no"); compactedBefore = reader.ReadOptionalUInt64("compacted_before_seq_no"); }
            else reader.SkipValue();
        }
        var payloadJson = reader.SliceFrom(start);
        seen.Require(ref reader, StreamId, "stream_id");
        seen.Require(ref reader, FromSeqNo, "from_seq_no");
        seen.Require(ref reader, NextSeqNo, "next_seq_no");
        seen.Require(ref reader, Changes, "changes");
        seen.Require(ref reader, Truncated, "truncated");
        return new DeltaBatch(streamId, fromSeqNo, nextSeqNo, changes, truncated, compactedBefore, payloadJson);
    }

    private static List<Change> ReadChanges(ref WireReader reader)
    {
        reader.ReadStartArray("changes");
        var changes = new List<Change>(TypicalChanges);
        while (reader.NextElement())
            changes.Add(ChangeDecoder.ReadEntry(ref reader));
        return changes;
    }
}
