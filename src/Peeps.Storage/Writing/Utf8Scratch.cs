using System.Text;

namespace Peeps.Storage.Writing;

/// <summary>
/// A reusable buffer that holds one string as UTF-8 until the next <see cref="Encode"/>. Binding a .NET string
/// makes SQLitePCL allocate a fresh null-terminated copy on every bind; an id bound to several statements (a removed
/// entity's four deletes) was transcoded and allocated once per statement.
/// </summary>
internal sealed class Utf8Scratch
{
    private byte[] _buffer = new byte[256];

    /// <summary>The span is valid until the next call; SQLite copies text bound from a span, so it may be reused after binding.</summary>
    public ReadOnlySpan<byte> Encode(string value)
    {
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (most > _buffer.Length)
            _buffer = new byte[Math.Max(most, _buffer.Length * 2)];
        var length = Encoding.UTF8.GetBytes(value, _buffer);
        return _buffer.AsSpan(0, length);
    }
}
