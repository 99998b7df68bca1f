using System.Runtime.CompilerServices;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Framing;

/// <summary>The client's side of a connection: the server's frames read off a stream and decoded, one at a time.</summary>
public static class ServerMessageReader
{
    /// <exception cref="EndOfStreamException">The stream ended, between frames or inside one.</exception>
    /// <exception cref="WireFormatException">A frame over the protocol's limit, or one that does not decode.</exception>
    public static async IAsyncEnumerable<ServerMessage> ReadAllAsync(Stream stream, [EnumeratorCancellation] CancellationToken stop)
    {
        var header = new byte[FrameCodec.HeaderBytes];
        while (true)
        {
            await stream.ReadExactlyAsync(header, stop);
            var length = FrameHeader.Read(header);
            if (length > FrameCodec.MaxPayloadBytes) throw new WireFormatException($"server frame of {length} bytes is over the limit");
            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload, stop);
            yield return ServerMessageCodec.Decode(payload);
        }
    }
}
