using System.Text;
using System.Text.Json;

namespace Peeps.Diagnosis.Reading;

/// <summary>
/// Hands out one string per distinct value read: an entity id is read once as an entity and again in every edge that
/// touches it, and names and source locations repeat across thousands of entities. Looking the bytes up before
/// making a string keeps a 30 MiB snapshot from costing a million short-lived strings.
/// </summary>
internal sealed class StringPool
{
    private const int MaxPooledLength = 256;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The current string token's value; escaped, split or long values are read plainly.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxPooledLength)
            return reader.GetString()!;
        Span<char> chars = stackalloc char[MaxPooledLength];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        var text = chars[..length];
        if (_lookup.TryGetValue(text, out var pooled)) return pooled;
        var made = new string(text);
        _strings[made] = made;
        return made;
    }
}
