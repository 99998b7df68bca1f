using System.Diagnostics;
using System.Text.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Json;

/// <summary>Decodes one <c>{"seq_no", "change"}</c> element of a delta batch's <c>changes</c> array.</summary>
internal static class ChangeDecoder
{
    private const int SeqNoField = 1, ChangeField = 2;

    // Constant context strings: building one per change would allocate on the hot path; the byte offset in every message pinpoints the element.
    private const string Entry = "delta_batch change", Content = "delta_batch change's 'change'";

    /// <summary>With the reader on the element's opening brace; leaves it on the closing brace.</summary>
    public static Change ReadEntry(ref WireReader reader)
    {
        reader.ExpectCurrent(JsonTokenType.StartObject, Entry, "an object");
        var seen = new FieldSet(Entry);
        ulong seqNo = 0;
        PendingChange pending = default;
        while (reader.NextProperty())
        {
            if (reader.Is("seq_no"u8)) { seen.Mark(ref reader, SeqNoField, "seq_no"); seqNo = reader.ReadUInt64("seq_no"); }
            else if (reader.Is("change"u8)) { seen.Mark(ref reader, ChangeField, "change"); pending = ReadChange(ref reader); }
            else reader.SkipValue();
        }
        seen.Require(ref reader, SeqNoField, "seq_no");
        seen.Require(ref reader, ChangeField, "change");
        return pending.Complete(seqNo);
    }

    private static PendingChange ReadChange(ref WireReader reader)
    {
        reader.Next();
        if (reader.Token == JsonTokenType.String)
            return ReadUnitVariant(ref reader);
        reader.ExpectCurrent(JsonTokenType.StartObject, Content, "an object with one variant key");
        if (!reader.NextProperty()) throw reader.Fail($"{Content} is empty; expected one variant key");
        var pending = ReadVariant(ref reader);
        if (reader.NextProperty()) throw reader.Fail($"{Content} has more than one variant key");
        return pending;
    }

    /// <summary>A newer client's data-less change variant is a bare string; none of ours is.</summary>
    private static PendingChange ReadUnitVariant(ref WireReader reader)
    {
        if (KindOf(ref reader) != ChangeKind.Unknown)
            throw reader.Fail($"{Content} variant '{reader.Text()}' needs content");
        return new PendingChange(ChangeKind.Unknown, default, reader.Text());
    }

    private static PendingChange ReadVariant(ref WireReader reader)
    {
        var kind = KindOf(ref reader);
        if (kind == ChangeKind.Unknown)
        {
            var variant = reader.Text();
            reader.SkipValue();
            return new PendingChange(kind, default, variant);
        }
        var (wanted, name) = Describe(kind);
        return new PendingChange(kind, KeyedObject.Read(ref reader, wanted, name), null);
    }

    private static ChangeKind KindOf(ref WireReader reader) =>
        reader.Is("upsert_entity"u8) ? ChangeKind.UpsertEntity
        : reader.Is("upsert_edge"u8) ? ChangeKind.UpsertEdge
        : reader.Is("append_event"u8) ? ChangeKind.AppendEvent
        : reader.Is("remove_entity"u8) ? ChangeKind.RemoveEntity
        : reader.Is("remove_edge"u8) ? ChangeKind.RemoveEdge
        : reader.Is("upsert_scope"u8) ? ChangeKind.UpsertScope
        : reader.Is("remove_scope"u8) ? ChangeKind.RemoveScope
        : reader.Is("upsert_entity_scope_link"u8) ? ChangeKind.UpsertEntityScopeLink
        : reader.Is("remove_entity_scope_link"u8) ? ChangeKind.RemoveEntityScopeLink
        : ChangeKind.Unknown;

    private static (KeyFields Wanted, string Name) Describe(ChangeKind kind) => kind switch
    {
        ChangeKind.UpsertEntity => (KeyFields.Id, "upsert_entity"),
        ChangeKind.RemoveEntity => (KeyFields.Id, "remove_entity"),
        ChangeKind.UpsertScope => (KeyFields.Id, "upsert_scope"),
        ChangeKind.RemoveScope => (KeyFields.Id, "remove_scope"),
        ChangeKind.UpsertEntityScopeLink => (KeyFields.EntityId | KeyFields.ScopeId, "upsert_entity_scope_link"),
        ChangeKind.RemoveEntityScopeLink => (KeyFields.EntityId | KeyFields.ScopeId, "remove_entity_scope_link"),
        ChangeKind.UpsertEdge => (KeyFields.Src | KeyFields.Dst | KeyFields.Kind, "upsert_edge"),
        ChangeKind.RemoveEdge => (KeyFields.Src | KeyFields.Dst | KeyFields.Kind, "remove_edge"),
        ChangeKind.AppendEvent => (KeyFields.Id | KeyFields.At, "append_event"),
        _ => throw new UnreachableException($"no content shape for {kind}"),
    };
}
