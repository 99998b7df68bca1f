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
}
