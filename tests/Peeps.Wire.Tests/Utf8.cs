using System.Text;

namespace Peeps.Wire.Tests;

/// <summary>Tests read and write payloads as text; the codecs work on UTF-8 bytes.</summary>
internal static class Utf8
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
