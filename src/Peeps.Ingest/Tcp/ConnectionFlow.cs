using System.Diagnostics;
using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Stages;
using Peeps.Storage.Writing;
using Peeps.Wire.Framing;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Tcp;

/// <summary>
/// The stream graph of one TCP connection. Inbound: frames → decode → write commands into the shared
/// store sink (delta batches and identity, in arrival order), other messages to the connection actor (cut acks are
/// recorded by the cut coordinator, which knows which cuts exist).
/// Outbound: the actor's queue → encode → frame. Backpressure from the store sink pauses this connection's reads.
/// Meters between the stages feed the connection's entry in the <see cref="StreamGraphRegistry"/> while it is open.
/// </summary>
internal static class ConnectionFlow
{
    public static Flow<ByteString, ByteString, UniqueKillSwitch> Create(
        long connId,
        IActorRef connectionActor,
        Channel<ServerMessage> outbound,
        Sink<WriteCommand, NotUsed> store,
        IngestSettings settings,
        ILoggingAdapter log,
        StreamGraphRegistry graph,
        IngestByteBudget? budget = null)
    {
        var inspection = graph.OpenConnection(connId, settings);
        var gate = new FrameBudgetGate(budget ?? new IngestByteBudget(long.MaxValue), settings.MaxFrameBytes);
        // Akka's stages discard what they hold when a failure passes through them: the framing stage its bytes (whole
        // frames among them), the buffer its decoded messages. Under backpressure those are batches already read off the
        // socket, so a failure ends the stream just downstream of where it arose instead: ahead of framing (a reset, the
        // kill switch, the timeouts) or ahead of the buffer (a frame cut off or undecodable). What is whole is then
        // delivered, and the close stage logs the first reason.
        Exception? endedBy = null;
        Source<T, NotUsed> EndHere<T>(Exception failure)
        {
            endedBy ??= failure;
            return Source.Empty<T>();
        }

        var read = Flow.Create<ByteString>()
            .Via(new MeterStage<ByteString>($"conn-{connId}-read-meter", inspection.Read, inspection.BytesOf));
        if (settings.IdleTimeoutEnabled)
            read = read.Via(new ClientIdleTimeout<ByteString>(settings.IdleTimeout)).Named($"conn-{connId}-idle");
        var inbound = read
            .Via(new FrameReadTimeout(settings.FrameReadTimeout)).Named($"conn-{connId}-frame-read")
            .RecoverWithRetries(failure => EndHere<ByteString>(failure), 1)
            .SelectMany(gate.Split)
            .SelectAsync(1, gate.AdmitAsync).Named($"conn-{connId}-budget")
            .Via(PeepsFraming.LengthPrefixed(settings.MaxFrameBytes)).Named($"conn-{connId}-framing")
            .Via(new MeterStage<byte[]>($"conn-{connId}-framing-meter", inspection.Framed))
            .Select(frame =>
            {
                var message = inspection.Received(ClientMessageDecoder.Decode(frame));
                gate.Decoded(frame.Length, message is DeltaBatch);
                return message;
            }).Named($"conn-{connId}-decode")
            .Via(new MeterStage<ClientMessage>($"conn-{connId}-decode-meter", inspection.Decoded))
            .RecoverWithRetries(failure => EndHere<ClientMessage>(failure), 1)
            .Buffer(settings.ConnectionBufferMessages, OverflowStrategy.Backpressure).Named($"conn-{connId}-buffer")
            .Via(new MeterStage<ClientMessage>($"conn-{connId}-buffer-meter", inspection.Buffered))
            .SelectMany(message => Route(connId, message, connectionActor, gate)).Named($"conn-{connId}-route")
            .Via(new MeterStage<WriteCommand>($"conn-{connId}-route-meter", inspection.Routed, ConnectionInspection.ChangesOf))
            .Via(new EmitOnTermination<WriteCommand>(failure =>
            {
                failure ??= endedBy;
                if (failure is not null) log.Warning("conn {ConnId}: closing the connection: {Reason}", connId, Describe(failure));
                return new ConnectionClosed(connId, UnixTime.NowNs());
            })).Named($"conn-{connId}-close")
            .Prepend(Source.Single<WriteCommand>(new ConnectionOpened(connId, UnixTime.NowNs())))
            .Via(new MeterStage<WriteCommand>($"conn-{connId}-close-meter", inspection.Stored))
            .WatchTermination((_, done) =>
            {
                done.ContinueWith(t =>
                {
                    gate.Ended();
                    graph.CloseConnection(connId);
                    outbound.Writer.TryComplete();
                    connectionActor.Tell(new ConnectionStreamEnded(t.IsFaulted ? Describe(t.Exception!) : "closed"));
                });
                return NotUsed.Instance;
            })
            .To(store);

        var outboundSource = ChannelSource.FromReader(outbound.Reader)
            .Select(message => ByteString.FromBytes(FrameCodec.Encode(ServerMessageCodec.Encode(message))))
            .Named($"conn-{connId}-outbound")
            .Via(new MeterStage<ByteString>($"conn-{connId}-outbound-meter", inspection.Outbound));

        return Flow.Create<ByteString>()
            .ViaMaterialized(KillSwitches.Single<ByteString>(), Keep.Right)
            .Via(Flow.FromSinkAndSource(inbound, outboundSource));
    }

    /// <summary>What the store must record of a message (nothing, for most control messages); the actor hears of the rest.</summary>
    private static IEnumerable<WriteCommand> Route(long connId, ClientMessage message, IActorRef connectionActor, FrameBudgetGate gate)
    {
        switch (message)
        {
            case DeltaBatch batch:
                return [new DeltaBatchReceived(connId, batch, UnixTime.NowNs())
                {
                    BudgetBytes = gate.HandOnBatch(),
                    ReceivedTimestamp = Stopwatch.GetTimestamp(),
                }];
            case Handshake handshake:
                connectionActor.Tell(new FromClient(handshake));
                return [new ConnectionIdentified(connId, handshake.ProcessName, handshake.Pid)];
            default:
                connectionActor.Tell(new FromClient(message));
                return [];
        }
    }

    private static string Describe(Exception failure) => failure switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        Framing.FramingException framing => $"bad framing: {framing.Message}",
        FrameReadTimeoutException slow => $"slow frame: {slow.Message}",
        TimeoutException timeout => $"idle: {timeout.Message}",
        _ => failure.Message,
    };
}
