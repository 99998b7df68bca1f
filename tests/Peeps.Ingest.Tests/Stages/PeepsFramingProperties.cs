using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using FsCheck.Xunit;
using Peeps.Ingest.Stages;
using Peeps.Wire.Framing;

namespace Peeps.Ingest.Tests.Stages;

/// <summary>However TCP cuts the stream into chunks, the server's framing flow gives back exactly the payloads sent.</summary>
public sealed class PeepsFramingProperties : TestKit
{
    private const int Limit = 4096;

    [Property(MaxTest = 200)]
    public void Payloads_cut_into_arbitrary_chunks_come_out_whole_and_in_order(byte[][] payloads, byte[] chunkSizes)
    {
        var sent = payloads.Where(p => p is not null).Select(p => p.Length > Limit ? p[..Limit] : p).ToArray();
        var stream = sent.SelectMany(p => FrameCodec.Encode(p)).ToArray();

        var received = Source.From(Chunks(stream, chunkSizes))
            .Via(PeepsFraming.LengthPrefixed(Limit))
            .RunWith(Sink.Seq<byte[]>(), Sys.Materializer())
            .Result;

        Assert.Equal(sent.Length, received.Count);
        for (var i = 0; i < sent.Length; i++) Assert.Equal(sent[i], received[i]);
    }

    [Property(MaxTest = 100)]
    public void A_stream_ending_inside_any_frame_fails_instead_of_emitting_a_partial_payload(byte[] payload, byte cutBack)
    {
        var frame = FrameCodec.Encode(payload.Length > Limit ? payload[..Limit] : payload);
        // At least one byte of the frame arrives, and at least one is missing.
        var cut = 1 + cutBack % (frame.Length - 1);

        var run = Source.Single(ByteString.FromBytes(frame[..^cut]))
            .Via(PeepsFraming.LengthPrefixed(Limit))
            .RunWith(Sink.Seq<byte[]>(), Sys.Materializer());

        var failure = Assert.ThrowsAny<Exception>(() => run.Wait(TimeSpan.FromSeconds(5)));
        Assert.IsType<Framing.FramingException>(failure.GetBaseException());
    }

    private static IEnumerable<ByteString> Chunks(byte[] stream, byte[] chunkSizes)
    {
        var sizes = chunkSizes.Length == 0 ? [byte.MaxValue] : chunkSizes;
        var offset = 0;
        for (var i = 0; offset < stream.Length; i++)
        {
            var size = Math.Min(sizes[i % sizes.Length] + 1, stream.Length - offset);
            yield return ByteString.FromBytes(stream, offset, size);
            offset += size;
        }
    }
}
