using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peeps.Ingest.Connections;
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
/// </summary>
internal static class ConnectionFlow
{
    public static Flow<ByteString, ByteString, UniqueKillSwitch> Create(
        long connId,
        IActorRef connectionActor,
        Channel<ServerMessage> outbound,
        Sink<WriteCommand, NotUsed> store,
        IngestSettings settings,
        ILoggingAdapter log)
    {
        var inbound = Flow.Create<ByteString>()
            .IdleTimeout(settings.IdleTimeout).Named($"conn-{connId}-idle")
            .Via(Framing.SimpleFramingProtocolDecoder(settings.MaxFrameBytes)).Named($"conn-{connId}-framing")
            .Select(frame => ClientMessageDecoder.Decode(frame.ToArray())).Named($"conn-{connId}-decode")
            .Buffer(settings.ConnectionBufferMessages, OverflowStrategy.Backpressure).Named($"conn-{connId}-buffer")
            .SelectMany(message => Route(connId, message, connectionActor)).Named($"conn-{connId}-route")
            .Via(new EmitOnTermination<WriteCommand>(failure =>
            {
                if (failure is not null) log.Warning("conn {0}: closing the connection: {1}", connId, Describe(failure));
                return new ConnectionClosed(connId, UnixTime.NowNs());
            })).Named($"conn-{connId}-close")
            .Prepend(Source.Single<WriteCommand>(new ConnectionOpened(connId, UnixTime.NowNs())))
            .WatchTermination((_, done) =>
            {
                done.ContinueWith(t =>
                {
                    outbound.Writer.TryComplete();
                    connectionActor.Tell(new ConnectionStreamEnded(t.IsFaulted ? Describe(t.Exception!) : "closed"));
                });
                return NotUsed.Instance;
            })
            .To(store);

        var outboundSource = ChannelSource.FromReader(outbound.Reader)
            .Select(message => ByteString.FromBytes(FrameCodec.Encode(ServerMessageCodec.Encode(message))))
            .Named($"conn-{connId}-outbound");

        return Flow.Create<ByteString>()
            .ViaMaterialized(KillSwitches.Single<ByteString>(), Keep.Right)
            .Via(Flow.FromSinkAndSource(inbound, outboundSource));
    }

    /// <summary>What the store must record of a message (nothing, for most control messages); the actor hears of the rest.</summary>
    private static IEnumerable<WriteCommand> Route(long connId, ClientMessage message, IActorRef connectionActor)
    {
        switch (message)
        {
            case DeltaBatch batch:
                return [new DeltaBatchReceived(connId, batch, UnixTime.NowNs())];
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
        TimeoutException timeout => $"idle: {timeout.Message}",
        _ => failure.Message,
    };
}
