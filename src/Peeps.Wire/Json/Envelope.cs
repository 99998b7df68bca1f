using System.Text.Json;

namespace Peeps.Wire.Json;

/// <summary>The externally tagged enum envelope: an object with exactly one key, the variant.</summary>
internal static class Envelope
{
    public static (string Variant, JsonElement Content) Single(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new WireFormatException($"message must be a JSON object, got {root.ValueKind}");
        using var properties = root.EnumerateObject();
        if (!properties.MoveNext())
            throw new WireFormatException("message object is empty; expected exactly one variant key");
        var only = properties.Current;
        if (properties.MoveNext())
            throw new WireFormatException("message object has more than one key; expected exactly one variant key");
        return (only.Name, only.Value);
    }
}
