using System.Buffers;

namespace Peeps.Wire.Framing;

/// <summary>
/// The peeps frame: a 4-byte big-endian payload length followed by the payload (one UTF-8 JSON document). This is
/// the home of the framing's constants, and the whole-buffer codec clients and tests use; the server frames a TCP
/// stream with <c>PeepsFraming</c> in Peeps.Ingest, on the same <see cref="FrameHeader"/>.
/// </summary>
public static class FrameCodec
{
    public const int HeaderBytes = 4;

    /// <summary>The protocol's largest payload; a frame announcing more is a protocol violation.</summary>
    public const int MaxPayloadBytes = 8 * 1024 * 1024;

    public static byte[] Encode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayloadBytes)
            throw new WireFormatException($"payload of {payload.Length} bytes exceeds the {MaxPayloadBytes}-byte frame limit");
        var frame = new byte[HeaderBytes + payload.Length];
        FrameHeader.Write(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderBytes));
        return frame;
    }

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/> when it holds one.
    /// Throws <see cref="WireFormatException"/> when the announced length is over <paramref name="maxPayloadBytes"/>.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload, int maxPayloadBytes = MaxPayloadBytes)
    {
        payload = default;
        if (buffer.Length < HeaderBytes) return false;
        Span<byte> header = stackalloc byte[HeaderBytes];
        buffer.Slice(0, HeaderBytes).CopyTo(header);
        var length = FrameHeader.Read(header);
        if (length > (uint)maxPayloadBytes)
            throw new WireFormatException($"frame announces {length} bytes, over the {maxPayloadBytes}-byte limit");
        if (buffer.Length < HeaderBytes + length) return false;
        payload = buffer.Slice(HeaderBytes, length);
        buffer = buffer.Slice(HeaderBytes + length);
        return true;
    }
}
