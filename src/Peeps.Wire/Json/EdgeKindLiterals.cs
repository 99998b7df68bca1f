using System.Text;

namespace Peeps.Wire.Json;

/// <summary>
/// Every upsert or removal of an edge carries its kind; handing out shared strings for the known kinds
/// keeps the hot path from allocating one per change.
/// </summary>
internal static class EdgeKindLiterals
{
    private static readonly (byte[] Utf8, string Text)[] Known =
        [.. new[] { "\"polls\"", "\"needs\"", "\"closed_by\"", "\"channel_link\"", "\"rpc_link\"" }
            .Select(text => (Encoding.UTF8.GetBytes(text), text))];

    public static string Get(ReadOnlySpan<byte> literal)
    {
        foreach (var (utf8, text) in Known)
            if (literal.SequenceEqual(utf8)) return text;
        return Encoding.UTF8.GetString(literal);
    }
}
