using System.Text;
using System.Text.Json;
using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Reading;

/// <summary>
/// Reads an entity body: <c>"future"</c> or a one-key object <c>{"variant": {...}}</c>. Keeps the body's exact bytes
/// and picks out the facts the diagnosis uses by their path inside the variant's content.
/// </summary>
internal static class EntityBodyReader
{
    private const string Future = "future";
    private const string FutureJson = "\"future\"";

    public static (string Kind, string BodyJson, EntityFacts Facts) Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (reader.ValueTextEquals("future"u8)) return (Future, FutureJson, EntityFacts.None);
                var unit = reader.GetString() ?? "unknown";
                return (unit, JsonSerializer.Serialize(unit), EntityFacts.None);
            case JsonTokenType.StartObject:
                var start = (int)reader.TokenStartIndex;
                var (kind, facts) = ReadVariant(ref reader);
                var body = Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
                return (kind, body, facts);
            default:
                reader.Skip();
                return ("unknown", "null", EntityFacts.None);
        }
    }

    private static (string Kind, EntityFacts Facts) ReadVariant(ref Utf8JsonReader reader)
    {
        if (!SnapshotDocumentReader.NextProperty(ref reader)) return ("unknown", EntityFacts.None);
        var kind = KnownVariant(ref reader) ?? reader.GetString()!;
        var facts = ReadContent(ref reader);
        // Anything after the variant is not part of the model; skip it so the reader ends on the body's end.
        while (SnapshotDocumentReader.NextProperty(ref reader)) reader.Skip();
        return (kind, facts);
    }

    private static readonly (byte[] Utf8, string Name)[] Variants =
    [
        .. new[]
        {
            "lock", "channel_tx", "channel_rx", "semaphore", "notify", "once_cell", "command", "file_op",
            "net_connect", "net_accept", "net_read", "net_write", "request", "response",
        }.Select(name => (Encoding.UTF8.GetBytes(name), name)),
    ];

    /// <summary>The wire's variant names come back as shared strings: a snapshot holds tens of thousands of each.</summary>
    private static string? KnownVariant(ref Utf8JsonReader reader)
    {
        foreach (var (utf8, name) in Variants)
            if (reader.ValueTextEquals(utf8)) return name;
        return null;
    }

    private static EntityFacts ReadContent(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return EntityFacts.None;
        }
        var facts = new EntityFacts();
        var depth = reader.CurrentDepth;
        var path = new List<string>();
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    if (path is ["details"]) facts = facts with { ChannelFlavor = property };
                    break;
                case JsonTokenType.StartObject:
                    path.Add(property ?? "");
                    property = null;
                    break;
                case JsonTokenType.EndObject:
                    if (reader.CurrentDepth == depth) return facts;
                    path.RemoveAt(path.Count - 1);
                    break;
                case JsonTokenType.StartArray:
                    reader.Skip();
                    property = null;
                    break;
                default:
                    facts = Apply(facts, path, property, ref reader);
                    property = null;
                    break;
            }
        }
        return facts;
    }

    private static EntityFacts Apply(EntityFacts facts, List<string> path, string? property, ref Utf8JsonReader reader)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        long? number = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) ? n : null;
        return (path, property) switch
        {
            ([], "lifecycle") => facts with { Lifecycle = text },
            (["lifecycle"], "closed") => facts with { Lifecycle = text ?? "closed" },
            ([], "method") => facts with { Method = text },
            ([], "status" or "state") => facts with { Status = text },
            ([], "max_permits") => facts with { MaxPermits = number },
            ([], "handed_out_permits") => facts with { HandedOutPermits = number },
            (["details", _, "buffer"], "occupancy") => facts with { Occupancy = number },
            (["details", _, "buffer"], "capacity") => facts with { Capacity = number },
            (["details", "oneshot"], "state") => facts with { Status = text },
            _ => facts,
        };
    }
}
