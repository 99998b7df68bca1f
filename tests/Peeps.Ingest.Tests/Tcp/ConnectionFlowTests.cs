using System.Threading.Channels;
using Akka;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Metrics;
using Peeps.Ingest.Tcp;
using Peeps.Storage.Writing;
using Peeps.Wire.Framing;
using Peeps.Wire.Messages;
using System.Diagnostics.Metrics;
using System.Text;

namespace Peeps.Ingest.Tests.Tcp;

public sealed class ConnectionFlowTests : TestKit
{
    private readonly StreamGraphRegistry _graph = new(new InspectionSettings(), new PeepsMetrics(new Meter(PeepsMetrics.MeterName)));

    private static ByteString Frame(string json) => ByteString.FromBytes(FrameCodec.Encode(Encoding.UTF8.GetBytes(json)));

    private async Task<List<WriteCommand>> RunInbound(params ByteString[] chunks)
    {
        var materializer = Sys.Materializer();
        var collected = new List<WriteCommand>();
        var done = new TaskCompletionSource();
        var store = Flow.Create<WriteCommand>().WatchTermination((_, t) => { t.ContinueWith(_ => done.TrySetResult()); return NotUsed.Instance; })
            .To(Sink.ForEach<WriteCommand>(c => { lock (collected) collected.Add(c); }));
        var flow = ConnectionFlow.Create(7, TestActor, Channel.CreateBounded<ServerMessage>(4), store, new IngestSettings(), Sys.Log, _graph);
        Source.From(chunks).ViaMaterialized(flow, Keep.Right).To(Sink.Ignore<ByteString>()).Run(materializer);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(5));
        return collected;
    }

    [Fact]
    public async Task Garbage_frame_ends_the_connection_with_a_closed_row_and_no_failure()
    {
        var commands = await RunInbound(Frame("""{"handshake":{"process_name":"a","pid":1}}"""), ByteString.FromBytes([0xff, 0xff, 0xff, 0xff, 1, 2]));
        Assert.IsType<ConnectionOpened>(commands[0]);
        Assert.IsType<ConnectionIdentified>(commands[1]);
        Assert.IsType<ConnectionClosed>(commands[^1]);
    }

    [Fact]
    public async Task A_connection_cut_off_mid_frame_while_the_store_holds_back_still_delivers_every_whole_batch()
    {
        var settings = new IngestSettings();
        var batches = 3 * settings.ConnectionBufferMessages;
        var cutOff = Frame(Batch(batches));
        var (store, takeAll) = OneCommandAtATime();
        Source.From([WholeFrames(batches), cutOff.Slice(0, cutOff.Count / 2)])
            .ViaMaterialized(ConnectionFlow.Create(8, TestActor, Channel.CreateBounded<ServerMessage>(4), store, settings, Sys.Log, _graph), Keep.Right)
            .To(Sink.Ignore<ByteString>()).Run(Sys.Materializer());

        var commands = await takeAll();

        Assert.Equal(Enumerable.Range(0, batches).Select(i => (ulong)i), commands.OfType<DeltaBatchReceived>().Select(b => b.Batch.FromSeqNo));
        Assert.IsType<ConnectionClosed>(commands[^1]);
    }

    [Fact]
    public async Task A_connection_reset_while_the_store_holds_back_still_delivers_every_whole_batch_it_had_read()
    {
        var settings = new IngestSettings();
        var batches = 3 * settings.ConnectionBufferMessages;
        var (store, takeAll) = OneCommandAtATime();
        var socket = Source.Queue<ByteString>(1, OverflowStrategy.Backpressure)
            .ViaMaterialized(ConnectionFlow.Create(9, TestActor, Channel.CreateBounded<ServerMessage>(4), store, settings, Sys.Log, _graph), Keep.Left)
            .To(Sink.Ignore<ByteString>()).Run(Sys.Materializer());
        await socket.OfferAsync(WholeFrames(batches));
        var connection = _graph.Connections.Single(c => c.ConnId == 9);
        // Once the buffer is full, the frames behind it wait as bytes inside the framing stage.
        AwaitCondition(() => connection.Decoded.Elements == settings.ConnectionBufferMessages, TimeSpan.FromSeconds(5));

        socket.Fail(new IOException("connection reset by peer"));
        var commands = await takeAll();

        Assert.Equal(Enumerable.Range(0, batches).Select(i => (ulong)i), commands.OfType<DeltaBatchReceived>().Select(b => b.Batch.FromSeqNo));
        Assert.IsType<ConnectionClosed>(commands[^1]);
    }

    /// <summary>
    /// A store that takes one command each time the test asks, as a busy writer does: the connection's buffer stays
    /// full, so whatever ends the connection finds whole batches still waiting in it and in the framing stage.
    /// </summary>
    private static (Sink<WriteCommand, NotUsed> Store, Func<Task<List<WriteCommand>>> TakeAll) OneCommandAtATime()
    {
        ISinkQueue<WriteCommand>? queue = null;
        var store = Sink.Queue<WriteCommand>().WithAttributes(Attributes.CreateInputBuffer(1, 1))
            .MapMaterializedValue(materialized => { queue = materialized; return NotUsed.Instance; });
        return (store, async () =>
        {
            var commands = new List<WriteCommand>();
            while (await queue!.PullAsync().WaitAsync(TimeSpan.FromSeconds(5)) is { HasValue: true } next)
                commands.Add(next.Value);
            return commands;
        });
    }

    /// <summary>A handshake and then one-change batches 0 to <paramref name="batches"/> - 1, as one chunk of bytes.</summary>
    private static ByteString WholeFrames(int batches) =>
        Enumerable.Range(0, batches).Select(i => Frame(Batch(i))).Aggregate(Frame("""{"handshake":{"process_name":"a","pid":1}}"""), (all, frame) => all.Concat(frame));

    // The spaces keep the closing braces apart, which an interpolated raw string needs.
    private static string Batch(int seqNo) =>
        $$"""{"delta_batch":{"stream_id":"proc:1","from_seq_no":{{seqNo}},"next_seq_no":{{seqNo + 1}},"changes":[{"seq_no":{{seqNo}},"change":{"upsert_entity":{"id":"e{{seqNo}}","birth":1,"source":"a.rs:1","name":"t","body":"future","meta":{ } } } }],"truncated":false } }""";
}
