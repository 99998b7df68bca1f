using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Tests.Json;

/// <summary>
/// Generators of valid client messages whose raw objects agree with their decoded keys, with text that
/// exercises escaping (quotes, controls, non-ASCII, surrogate pairs) and numbers across their full range.
/// </summary>
internal static class MessageGen
{
    private static readonly string[] TextPieces =
        ["a", "Z", "0", " ", "-", ":", "_", "/", "\"", "\\", "\n", "\t", "\u0001", "\u001f", "\u007f", "é", "✓", "😀", "<", ">", "&", "'", "+", "\u2028"];

    public static readonly Gen<string> Text =
        Gen.Elements(TextPieces).ArrayOf().Select(pieces => string.Concat(pieces));

    public static readonly Gen<ulong> U64 = Gen.OneOf(
        Gen.Elements<ulong>(0, 1, 42, uint.MaxValue, long.MaxValue, ulong.MaxValue),
        Gen.Choose(0, int.MaxValue).Select(i => (ulong)i),
        from high in Gen.Choose(0, int.MaxValue)
        from low in Gen.Choose(0, int.MaxValue)
        select ((ulong)high << 33) ^ (ulong)low);

    private static readonly Gen<uint> U32 = Gen.OneOf(
        Gen.Elements(0u, 1u, uint.MaxValue),
        Gen.Choose(0, int.MaxValue).Select(i => (uint)i));

    private static readonly Gen<long> I64 = Gen.OneOf(
        Gen.Elements(0L, -1L, long.MinValue, long.MaxValue),
        U64.Select(u => unchecked((long)u)));

    private static readonly Gen<string> EdgeKind =
        Gen.Elements("\"polls\"", "\"needs\"", "\"closed_by\"", "\"channel_link\"", "\"rpc_link\"", "\"future_kind\"");

    private static readonly Gen<string> JsonScalar = Gen.OneOf(
        Gen.Elements("null", "true", "false", "0", "-7", "1.5e-3", "18446744073709551615", "{}", "[]"),
        Text.Select(Quote));

    /// <summary>Any JSON value, depth-bounded: the shape of bodies and meta a newer client may send.</summary>
    private static readonly Gen<string> JsonValue = Gen.Sized(size => JsonOfDepth(Math.Min(size / 25, 3)));

    private static readonly string[] ExtraFieldNames = ["birth", "source", "name", "body", "meta", "target", "kind_v2", "ünïcode"];

    public static readonly Gen<ClientMessage> ClientMessage = Gen.Frequency(
        (1, from name in Text from pid in U32 select (ClientMessage)new Handshake(name, pid)),
        (6, DeltaBatch()),
        (1, from cut in Text from stream in Text from next in U64 select (ClientMessage)new CutAck(cut, new StreamCursor(stream, next))),
        (1, SnapshotReply()),
        (1, from name in Text from pid in U32 from stage in Text from error in Text from last in Gen.OneOf(Gen.Constant<string?>(null), Text.Select(t => (string?)t))
            select (ClientMessage)new ClientError(name, pid, stage, error, last)));

    public static string Quote(string text) => JsonSerializer.Serialize(text);

    private static Gen<string> JsonOfDepth(int depth) => depth == 0
        ? JsonScalar
        : Gen.Frequency(
            (3, JsonScalar),
            (1, JsonOfDepth(depth - 1).ArrayOf().Select(items => "[" + string.Join(",", items) + "]")),
            (1, (from name in Text from value in JsonOfDepth(depth - 1) select Quote(name) + ":" + value).ArrayOf()
                .Select(fields => "{" + string.Join(",", fields) + "}")));

    /// <summary>An object holding <paramref name="keys"/> plus arbitrary other fields, in any order.</summary>
    private static Gen<ReadOnlyMemory<byte>> ObjectWith(params string[] keys) =>
        from extraNames in Gen.SubListOf(ExtraFieldNames)
        from extraValues in JsonValue.ArrayOf(extraNames.Count)
        from order in Gen.Shuffle(keys.Concat(extraNames.Select((name, i) => Quote(name) + ":" + extraValues[i])))
        select (ReadOnlyMemory<byte>)Utf8.Bytes("{" + string.Join(",", order) + "}");

    private static string Field(string name, string json) => Quote(name) + ":" + json;

    private static Gen<Change> Change(ulong seqNo) => Gen.OneOf(
        from id in Text from json in ObjectWith(Field("id", Quote(id))) select (Change)new UpsertEntity(seqNo, id, json),
        Text.Select(id => (Change)new RemoveEntity(seqNo, id)),
        from id in Text from json in ObjectWith(Field("id", Quote(id))) select (Change)new UpsertScope(seqNo, id, json),
        Text.Select(id => (Change)new RemoveScope(seqNo, id)),
        from e in Text from s in Text select (Change)new UpsertEntityScopeLink(seqNo, e, s),
        from e in Text from s in Text select (Change)new RemoveEntityScopeLink(seqNo, e, s),
        from src in Text
        from dst in Text
        from kind in EdgeKind
        from json in ObjectWith(Field("src", Quote(src)), Field("dst", Quote(dst)), Field("kind", kind))
        select (Change)new UpsertEdge(seqNo, src, dst, kind, json),
        from src in Text from dst in Text from kind in EdgeKind select (Change)new RemoveEdge(seqNo, src, dst, kind),
        from id in Text
        from at in U64
        from json in ObjectWith(Field("id", Quote(id)), Field("at", at.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        select (Change)new AppendEvent(seqNo, id, at, json));

    private static Gen<ClientMessage> DeltaBatch() =>
        from stream in Text
        from first in U64
        from gaps in Gen.Choose(0, 3).ArrayOf()
        from changes in Gen.CollectToArray(SeqNos(first, gaps), Change)
        from truncated in Gen.Elements(true, false)
        from compacted in Gen.OneOf(Gen.Constant<ulong?>(null), U64.Select(u => (ulong?)u))
        select (ClientMessage)new DeltaBatch(stream, first, unchecked(first + (ulong)changes.Length), changes, truncated, compacted, default);

    private static IEnumerable<ulong> SeqNos(ulong first, int[] gaps)
    {
        var seqNo = first;
        foreach (var gap in gaps)
        {
            seqNo = unchecked(seqNo + (ulong)gap);
            yield return seqNo;
        }
    }

    private static Gen<ClientMessage> SnapshotReply() =>
        from id in I64
        from now in U64
        from snapshot in Gen.OneOf(
            Gen.Constant<ReadOnlyMemory<byte>?>(null),
            ObjectWith(Field("entities", "[]"), Field("scopes", "[]"), Field("edges", "[]"), Field("events", "[]")).Select(s => (ReadOnlyMemory<byte>?)s))
        select (ClientMessage)new SnapshotReply(id, now, snapshot);
}
