using System.Net;
using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Inspection;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;
using StreamTcp = Akka.Streams.Dsl.Tcp;

namespace Peeps.Ingest.Tcp;

/// <summary>The TCP ingest port: one <see cref="ConnectionFlow"/> and one <see cref="ConnectionActor"/> per accepted connection.</summary>
public sealed class TcpIngestServer
{
    private readonly StreamTcp.ServerBinding _binding;
    private readonly LiveConnections _connections;
    private int _unbound;

    private TcpIngestServer(StreamTcp.ServerBinding binding, LiveConnections connections)
    {
        _binding = binding;
        _connections = connections;
    }

    public EndPoint LocalEndPoint => _binding.LocalAddress;

    public static Task<TcpIngestServer> StartAsync(
        ActorSystem system,
        IMaterializer materializer,
        IngestSettings settings,
        Sink<WriteCommand, NotUsed> store,
        IActorRef registry,
        ConnectionIdAllocator ids,
        StreamGraphRegistry graph,
        LiveConnections connections,
        IngestByteBudget budget)
    {
        var log = Logging.GetLogger(system, typeof(TcpIngestServer));
        var admission = new ConnectionAdmission(settings);
        return system.TcpStream()
            .Bind(settings.ListenHost, settings.ListenPort, options: [new Inet.SO.SendBufferSize(settings.SendBufferBytes)])
            .To(Sink.ForEach<StreamTcp.IncomingConnection>(connection => Accept(connection)))
            .Run(materializer)
            .ContinueWith(bound =>
            {
                var binding = bound.Result;
                log.Info("ingest listening on {ListenAddress}", binding.LocalAddress);
                return new TcpIngestServer(binding, connections);
            }, TaskContinuationOptions.OnlyOnRanToCompletion);

        void Accept(StreamTcp.IncomingConnection connection)
        {
            if (admission.Refusal(connection.RemoteAddress, connections.Count) is { } refusal)
            {
                // Closed before anything is read: no connection id, row or actor is spent on it. The client sees an
                // orderly close, as when the server goes away, and its reconnect loop tries again later.
                log.Warning("refused a connection from {RemoteAddress}: {Reason}", connection.RemoteAddress, refusal.Message);
                graph.Metrics.ConnectionRefused(refusal.Reason);
                connection.HandleWith(Flow.FromSinkAndSource(Sink.Cancelled<ByteString>(), Source.Empty<ByteString>()), materializer);
                return;
            }
            var connId = ids.Next();
            var outbound = Channel.CreateBounded<ServerMessage>(new BoundedChannelOptions(settings.OutboundQueueMessages)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var pending = new KillSwitchHandle();
            var actor = system.ActorOf(
                ConnectionActor.Props(connId, outbound.Writer, pending, registry, settings.HandshakeTimeout),
                $"conn-{connId}");
            registry.Tell(new ConnectionRegistry.Register(connId, UnixTime.NowNs(), actor));
            log.Info("conn {ConnId}: accepted from {RemoteAddress}", connId, connection.RemoteAddress);
            connections.Accepted(connId, pending);
            pending.Attach(connection.HandleWith(ConnectionFlow.Create(connId, actor, outbound, store, settings, log, graph, budget), materializer));
        }
    }

    /// <summary>Stops accepting; open connections carry on. Safe to call more than once.</summary>
    public Task UnbindAsync() =>
        Interlocked.Exchange(ref _unbound, 1) == 0 ? _binding.Unbind() : Task.CompletedTask;

    /// <summary>
    /// Stops accepting, then ends every connection's inbound side; the task ends when each one's closing row (and so
    /// everything it had read) is committed. Safe to call more than once.
    /// </summary>
    public async Task EndConnectionsAsync()
    {
        await UnbindAsync();
        await _connections.EndAllAsync();
    }
}
