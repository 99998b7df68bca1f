using System.Text.Json;

namespace Peeps.Wire.Json;

/// <summary>
/// A change's content object: the key fields a variant needs, plus the object itself as a slice of the
/// payload. Only wanted fields are interpreted, so a newer client may add fields of any shape.
/// </summary>
internal readonly record struct KeyedObject(
    string? Id,
    string? EntityId,
    string? ScopeId,
    string? Src,
    string? Dst,
    string? KindJson,
    ulong At,
    ReadOnlyMemory<byte> Json)
{
    /// <summary>Reads the next value, which must be an object holding every field in <paramref name="wanted"/>.</summary>
    public static KeyedObject Read(ref WireReader reader, KeyFields wanted, string owner)
    {
        reader.ReadStartObject(owner);
        var start = reader.Position;
        string? id = null, entityId = null, scopeId = null, src = null, dst = null, kind = null;
        ulong at = 0;
        var seen = new FieldSet(owner);
        while (reader.NextProperty())
        {
            if (Wants(wanted, KeyFields.Id) && reader.Is("id"u8)) { seen.Mark(ref reader, (int)KeyFields.Id, "id"); id = reader.ReadString("id"); }
            else if (Wants(wanted, KeyFields.EntityId) && reader.Is("entity_id"u8)) { seen.Mark(ref reader, (int)KeyFields.EntityId, "entity_id"); entityId = reader.ReadString("entity_id"); }
            else if (Wants(wanted, KeyFields.ScopeId) && reader.Is("scope_id"u8)) { seen.Mark(ref reader, (int)KeyFields.ScopeId, "scope_id"); scopeId = reader.ReadString("scope_id"); }
            else if (Wants(wanted, KeyFields.Src) && reader.Is("src"u8)) { seen.Mark(ref reader, (int)KeyFields.Src, "src"); src = reader.ReadString("src"); }
            else if (Wants(wanted, KeyFields.Dst) && reader.Is("dst"u8)) { seen.Mark(ref reader, (int)KeyFields.Dst, "dst"); dst = reader.ReadString("dst"); }
            else if (Wants(wanted, KeyFields.Kind) && reader.Is("kind"u8)) { seen.Mark(ref reader, (int)KeyFields.Kind, "kind"); kind = ReadKind(ref reader); }
            else if (Wants(wanted, KeyFields.At) && reader.Is("at"u8)) { seen.Mark(ref reader, (int)KeyFields.At, "at"); at = reader.ReadUInt64("at"); }
            else reader.SkipValue();
        }
        var json = reader.SliceFrom(start);
        RequireAll(ref reader, seen, wanted);
        return new KeyedObject(id, entityId, scopeId, src, dst, kind, at, json);
    }

    private static readonly (KeyFields Field, string Name)[] Names =
    [
        (KeyFields.Id, "id"), (KeyFields.EntityId, "entity_id"), (KeyFields.ScopeId, "scope_id"),
        (KeyFields.Src, "src"), (KeyFields.Dst, "dst"), (KeyFields.Kind, "kind"), (KeyFields.At, "at"),
    ];

    private static bool Wants(KeyFields wanted, KeyFields field) => (wanted & field) != 0;

    private static void RequireAll(ref WireReader reader, FieldSet seen, KeyFields wanted)
    {
        foreach (var (field, name) in Names)
            if (Wants(wanted, field)) seen.Require(ref reader, (int)field, name);
    }

    /// <summary>
    /// Edge kinds are unit variants today (a JSON string); a data-carrying kind from a newer client is an
    /// object, kept raw. Either way the literal is the edge's key, so it is returned exactly as sent.
    /// </summary>
    private static string ReadKind(ref WireReader reader)
    {
        reader.Next();
        return reader.Token switch
        {
            JsonTokenType.String => EdgeKindLiterals.Get(reader.RawScalar()),
            JsonTokenType.StartObject => System.Text.Encoding.UTF8.GetString(reader.CurrentObjectSlice().Span),
            _ => throw reader.Fail("'kind' must be a string or an object"),
        };
    }
}
