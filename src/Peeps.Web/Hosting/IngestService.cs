using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Streams;
using Microsoft.Extensions.Options;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Materializer;
using Peeps.Ingest.Tcp;
using Peeps.Storage.Schema;
using Peeps.Storage.Writing;
using Peeps.Web.Configuration;

namespace Peeps.Web.Hosting;

/// <summary>
/// Starts the write path and the TCP ingest port once the actor system is up, and unbinds on shutdown
/// (from the host and from Akka's coordinated shutdown; whichever comes first, the other is a no-op).
/// </summary>
public sealed class IngestService(
    ActorSystem system,
    IRequiredActor<ConnectionRegistry> registry,
    IStoreWriter writer,
    StoreStartState startState,
    CommitFeed commits,
    StoreOutbox coordinatorWrites,
    IngestEndpoint endpoint,
    StreamGraphRegistry graph,
    IOptions<PeepsOptions> options) : IHostedService
{
    private TcpIngestServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var listen = HostPort.Parse(settings.Listen, "Listen (PEEPS_LISTEN)");
        var ingest = settings.Ingest with { ListenHost = await ResolveAsync(listen.Host), ListenPort = listen.Port };
        var materializer = system.Materializer(namePrefix: "ingest");
        var log = Logging.GetLogger(system, typeof(IngestService));

        var store = StorePipeline.Run(writer, ingest, commits.Publish, log, materializer, graph.AttachStore(ingest));
        coordinatorWrites.Attach(store, materializer, graph);
        _server = await TcpIngestServer.StartAsync(system, materializer, ingest, store, registry.ActorRef, new ConnectionIdAllocator(startState.MaxConnId), graph);
        endpoint.Set(_server.LocalEndPoint);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "unbind-ingest", async () =>
        {
            await _server.UnbindAsync();
            return Akka.Done.Instance;
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server?.UnbindAsync() ?? Task.CompletedTask;

    /// <summary>The Akka TCP binding takes the first address a name resolves to; resolve here so "localhost" means IPv4 loopback.</summary>
    private static async Task<string> ResolveAsync(string host)
    {
        if (System.Net.IPAddress.TryParse(host, out _)) return host;
        var addresses = await System.Net.Dns.GetHostAddressesAsync(host);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.First();
        return chosen.ToString();
    }
}
