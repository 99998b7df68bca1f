using System.Text;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Akka.TestKit.Xunit2;
using Peeps.Ingest.Stages;
using Peeps.Wire.Framing;

namespace Peeps.Ingest.Tests.Stages;

public sealed class FrameAssemblerTests : TestKit
{
    private const int Limit = 1024;

    private static byte[] Frame(string payload) => FrameCodec.Encode(Encoding.UTF8.GetBytes(payload));

    private async Task<List<string>> Assemble(IEnumerable<ByteString> chunks)
    {
        var frames = await Source.From(chunks)
            .Via(new FrameAssembler(Limit))
            .RunWith(Sink.Seq<byte[]>(), Sys.Materializer())
            .WaitAsync(TimeSpan.FromSeconds(10));
        return [.. frames.Select(frame => Encoding.UTF8.GetString(frame))];
    }

    /// <summary>Every frame the stage handed on, and how it ended: a failure must not take the frames before it along.</summary>
    private async Task<(List<string> Frames, Exception? Failure)> AssembleUntilTheEnd(IEnumerable<ByteString> chunks)
    {
        var frames = new List<string>();
        try
        {
            await Source.From(chunks)
                .Via(new FrameAssembler(Limit))
                .RunForeach(frame => frames.Add(Encoding.UTF8.GetString(frame)), Sys.Materializer())
                .WaitAsync(TimeSpan.FromSeconds(10));
            return (frames, null);
        }
        catch (Framing.FramingException failure)
        {
            return (frames, failure);
        }
    }

    [Fact]
    public async Task Frames_split_across_chunks_at_every_byte_come_out_whole_and_in_order()
    {
        var wire = Frame("{\"a\":1}").Concat(Frame("")).Concat(Frame("second")).ToArray();

        var frames = await Assemble(wire.Select(b => ByteString.FromBytes([b])));

        Assert.Equal(["{\"a\":1}", "", "second"], frames);
    }

    [Fact]
    public void A_chunk_of_several_frames_is_handed_on_one_frame_per_demand()
    {
        var (client, server) = this.SourceProbe<ByteString>()
            .Via(new FrameAssembler(Limit))
            .ToMaterialized(this.SinkProbe<byte[]>(), Keep.Both)
            .WithAttributes(Attributes.CreateInputBuffer(1, 1))
            .Run(Sys.Materializer());
        var wire = Enumerable.Range(0, 3).SelectMany(i => Frame($"frame {i}")).ToArray();

        server.Request(1);
        client.ExpectRequest();
        client.SendNext(ByteString.FromBytes(wire));
        Assert.Equal("frame 0", Encoding.UTF8.GetString(server.ExpectNext()));
        // Two frames are still held from that chunk: none is emitted unasked.
        server.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        server.Request(2);
        Assert.Equal("frame 1", Encoding.UTF8.GetString(server.ExpectNext()));
        Assert.Equal("frame 2", Encoding.UTF8.GetString(server.ExpectNext()));
        client.SendComplete();
        server.Request(1);
        server.ExpectComplete();
    }

    [Fact]
    public async Task Several_frames_in_one_chunk_come_out_one_by_one()
    {
        var wire = Enumerable.Range(0, 5).SelectMany(i => Frame($"frame {i}")).ToArray();

        var frames = await Assemble([ByteString.FromBytes(wire)]);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"frame {i}"), frames);
    }

    [Fact]
    public async Task A_chunk_built_by_concatenation_is_read_like_a_single_array()
    {
        var wire = Frame("joined");
        var rope = ByteString.FromBytes(wire[..3]) + ByteString.FromBytes(wire[3..]);

        var frames = await Assemble([rope]);

        Assert.Equal(["joined"], frames);
    }

    [Fact]
    public async Task Each_frame_owns_its_array_so_later_chunks_cannot_change_an_emitted_frame()
    {
        var wire = Frame("first").Concat(Frame("other")).ToArray();
        var shared = ByteString.FromBytes(wire);

        var frames = await Source.From([shared])
            .Via(new FrameAssembler(Limit))
            .RunWith(Sink.Seq<byte[]>(), Sys.Materializer());
        Array.Clear(wire);

        Assert.Equal(["first", "other"], frames.Select(frame => Encoding.UTF8.GetString(frame)));
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_frame_fails_as_a_truncated_final_frame()
    {
        var wire = Frame("whole").Concat(Frame("cut off")[..6]).ToArray();

        var (frames, failure) = await AssembleUntilTheEnd([ByteString.FromBytes(wire)]);

        Assert.Equal(["whole"], frames);
        Assert.Contains("truncated final frame", Assert.IsType<Framing.FramingException>(failure).Message);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_header_fails_as_a_truncated_final_frame()
    {
        var (frames, failure) = await AssembleUntilTheEnd([ByteString.FromBytes(Frame("whole")), ByteString.FromBytes([0, 0])]);

        Assert.Equal(["whole"], frames);
        Assert.Contains("truncated final frame", Assert.IsType<Framing.FramingException>(failure).Message);
    }

    [Fact]
    public async Task A_header_announcing_more_than_the_limit_fails_before_any_payload_arrives()
    {
        byte[] header = [0, 0, (Limit + 1) >> 8, (Limit + 1) & 0xFF];

        var (frames, failure) = await AssembleUntilTheEnd([ByteString.FromBytes([.. Frame("whole"), .. header])]);

        Assert.Equal(["whole"], frames);
        Assert.Contains($"{Limit + 1} bytes, over the {Limit}-byte limit", Assert.IsType<Framing.FramingException>(failure).Message);
    }

    [Fact]
    public async Task A_frame_of_exactly_the_limit_is_accepted()
    {
        var payload = new string('x', Limit);

        var frames = await Assemble([ByteString.FromBytes(Frame(payload))]);

        Assert.Equal([payload], frames);
    }
}
