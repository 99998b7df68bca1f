using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Peeps.Wire.Json;

/// <summary>
/// Writes strings as the reference encoder does: only <c>"</c>, <c>\</c> and control characters are
/// escaped, with lowercase hex, and everything else is written as raw UTF-8. <see cref="Utf8JsonWriter"/>'s
/// own escaping (non-ASCII, HTML-sensitive characters, uppercase hex) would break byte compatibility.
/// </summary>
internal static class ReferenceJsonString
{
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    public static void Write(Utf8JsonWriter writer, string propertyName, string value)
    {
        writer.WritePropertyName(propertyName);
        writer.WriteRawValue(Encoding.UTF8.GetBytes(Quote(value)), skipInputValidation: true);
    }

    private static string Quote(string value)
    {
        if (!value.AsSpan().ContainsAny(NeedsEscape)) return string.Concat("\"", value, "\"");
        var quoted = new StringBuilder(value.Length + 8).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\b': quoted.Append("\\b"); break;
                case '\f': quoted.Append("\\f"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case < ' ': quoted.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: quoted.Append(c); break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
