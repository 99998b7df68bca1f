using System.Buffers.Binary;

namespace Peeps.Wire.Framing;

/// <summary>
/// The 4-byte big-endian length in front of every payload, read one byte at a time: the server's stream stages meet
/// it split across TCP chunks at any byte, and each of them follows the framing on its own.
/// </summary>
public struct FrameHeader
{
    private int _filled;
    private uint _length;

    /// <summary>Some of a header has been read and not yet all of it.</summary>
    public readonly bool IsPartial => _filled > 0;

    /// <summary>Takes the next byte; true once the header is whole, with the payload length it announces.</summary>
    public bool Add(byte next, out uint payloadLength)
    {
        _length = (_length << 8) | next;
        if (++_filled < FrameCodec.HeaderBytes)
        {
            payloadLength = 0;
            return false;
        }
        payloadLength = _length;
        (_filled, _length) = (0, 0);
        return true;
    }

    /// <summary>The payload length a whole header announces.</summary>
    public static uint Read(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt32BigEndian(header[..FrameCodec.HeaderBytes]);

    /// <summary>Writes the header announcing <paramref name="payloadLength"/>.</summary>
    public static void Write(Span<byte> header, int payloadLength) => BinaryPrimitives.WriteUInt32BigEndian(header, (uint)payloadLength);
}
