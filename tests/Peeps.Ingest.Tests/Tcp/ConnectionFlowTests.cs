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
        var whole = Enumerable.Range(0, batches).Select(i => Frame(Batch(i))).Aggregate(Frame("""{"handshake":{"process_name":"a","pid":1}}"""), (all, f) => all.Concat(f));
        var cutOff = Frame(Batch(batches));
        // The store takes one command each time the test asks, as a busy writer does: the connection's buffer stays
        // full, and the cut-off frame is found while whole batches still wait in it.
        ISinkQueue<WriteCommand> store = null!;
        var storeSink = Sink.Queue<WriteCommand>().WithAttributes(Attributes.CreateInputBuffer(1, 1))
            .MapMaterializedValue(queue => { store = queue; return NotUsed.Instance; });
        var flow = ConnectionFlow.Create(8, TestActor, Channel.CreateBounded<ServerMessage>(4), storeSink, settings, Sys.Log, _graph);
        Source.From([whole, cutOff.Slice(0, cutOff.Count / 2)]).ViaMaterialized(flow, Keep.Right).To(Sink.Ignore<ByteString>()).Run(Sys.Materializer());

        var commands = new List<WriteCommand>();
        while (await store.PullAsync().WaitAsync(TimeSpan.FromSeconds(5)) is { HasValue: true } next)
            commands.Add(next.Value);

        Assert.Equal(Enumerable.Range(0, batches).Select(i => (ulong)i), commands.OfType<DeltaBatchReceived>().Select(b => b.Batch.FromSeqNo));
        Assert.IsType<ConnectionClosed>(commands[^1]);
    }

    private static string Batch(int seqNo) =>
        $$"""{"delta_batch":{"stream_id":"proc:1","from_seq_no":{{seqNo}},"next_seq_no":{{seqNo + 1}},"changes":[{"seq_no":{{seqNo}},"change":{"upsert_entity":{"id":"e{{seqNo}}","birth":1,"source":"a.rs:1","name":"t","body":"future","meta":{ } } } }],"truncated":false } }""";
}
