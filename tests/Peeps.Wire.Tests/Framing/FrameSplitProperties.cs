using System.Buffers;
using FsCheck.Xunit;
using Peeps.Wire.Framing;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;
using Peeps.Wire.Tests.Json;

namespace Peeps.Wire.Tests.Framing;

/// <summary>However TCP splits or merges a stream of frames, the same messages come out.</summary>
public sealed class FrameSplitProperties
{
    private static byte[] Stream(ClientMessage[] messages) =>
        [.. messages.SelectMany(message => FrameCodec.Encode(ClientMessageEncoder.Encode(message)))];

    private static string[] Shapes(IEnumerable<ClientMessage> messages) => [.. messages.Select(MessageShape.Of)];

    [Property(Arbitrary = [typeof(WireArbitraries)], MaxTest = 200)]
    public void Frames_split_into_arbitrary_segments_decode_to_the_same_messages(ClientMessage[] messages, int[] cuts)
    {
        var stream = Stream(messages);
        var buffer = Segments.Split(stream, cuts.Select(cut => (int)((uint)cut % (uint)(stream.Length + 1))));

        var decoded = new List<ClientMessage>();
        while (FrameCodec.TryReadFrame(ref buffer, out var payload))
            decoded.Add(ClientMessageDecoder.Decode(payload.ToArray()));

        Assert.True(buffer.IsEmpty);
        Assert.Equal(Shapes(messages), Shapes(decoded));
    }

    [Property(Arbitrary = [typeof(WireArbitraries)], MaxTest = 200)]
    public void Frames_fed_in_arbitrary_chunks_decode_to_the_same_messages(ClientMessage[] messages, byte[] chunkSizes)
    {
        var stream = Stream(messages);
        var decoded = new List<ClientMessage>();
        var pending = Array.Empty<byte>();
        var offset = 0;
        var sizes = chunkSizes.Select(size => size + 1).DefaultIfEmpty(stream.Length + 1);
        while (offset < stream.Length)
        {
            foreach (var size in sizes)
            {
                var chunk = stream.AsSpan(offset, Math.Min(size, stream.Length - offset));
                offset += chunk.Length;
                var buffer = new ReadOnlySequence<byte>([.. pending, .. chunk]);
                while (FrameCodec.TryReadFrame(ref buffer, out var payload))
                    decoded.Add(ClientMessageDecoder.Decode(payload.ToArray()));
                pending = buffer.ToArray();
                if (offset == stream.Length) break;
            }
        }

        Assert.Empty(pending);
        Assert.Equal(Shapes(messages), Shapes(decoded));
    }
}
