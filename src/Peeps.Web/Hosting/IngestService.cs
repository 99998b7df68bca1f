using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Streams;
using Microsoft.Extensions.Options;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Store;
using Peeps.Ingest.Tcp;
using Peeps.Storage.Schema;
using Peeps.Storage.Writing;
using Peeps.Web.Configuration;

namespace Peeps.Web.Hosting;

/// <summary>
/// Starts the write path and the TCP ingest port once the actor system is up, after closing the connection rows an
/// earlier run left open. On shutdown (from the host or from Akka's coordinated shutdown, whichever comes first) it
/// drains: stop accepting, end every connection's inbound side, let what was read be committed with each row closed,
/// then end the write path, so the writer is idle before it is disposed.
/// </summary>
public sealed class IngestService(
    ActorSystem system,
    IRequiredActor<ConnectionRegistry> registry,
    IStoreWriter writer,
    StoreStartState startState,
    CommitFeed commits,
    StoreOutbox coordinatorWrites,
    IngestEndpoint endpoint,
    ConnectionIdStart ids,
    StreamGraphRegistry graph,
    RunningGraphs runningGraphs,
    IOptions<PeepsOptions> options,
    ILogger<IngestService> logger) : IHostedService
{
    private readonly LiveConnections _connections = new();
    private readonly Lock _gate = new();
    private TcpIngestServer? _server;
    private StoreStream? _store;
    private Task? _draining;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var listen = HostPort.Parse(settings.Listen, "Listen (PEEPS_LISTEN)");
        var ingest = settings.Ingest.ListeningOn(await ResolveAsync(listen.Host), listen.Port);
        var materializer = system.Materializer(namePrefix: "ingest");
        runningGraphs.Attach(materializer);
        var log = Logging.GetLogger(system, typeof(IngestService));

        CloseEarlierRunConnections();
        commits.Subscribe(report => _connections.Committed(report.ClosedConnIds));
        var budget = new IngestByteBudget(ingest.MaxUncommittedBytes, ingest.MaxUncommittedTime, ingest.MaxFrameBytes + 4L);
        graph.Metrics.ObserveIngestBudget(() => budget.Held, () => budget.Limit);
        _store = StorePipeline.Run(writer, ingest, commits.Publish, log, materializer, graph.AttachStore(ingest), budget);
        coordinatorWrites.Attach(_store.Sink, materializer, graph);
        _server = await TcpIngestServer.StartAsync(
            system, materializer, ingest, _store.Sink, registry.ActorRef, new ConnectionIdAllocator(ids.LastUsed(startState.MaxConnId)), graph, _connections, budget);
        endpoint.Set(_server.LocalEndPoint);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "drain-ingest", async () =>
        {
            await DrainAsync();
            return Akka.Done.Instance;
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => DrainAsync().WaitAsync(cancellationToken);

    /// <summary>
    /// Before the pipeline runs, so the writer is still the caller's alone and no row of this run can be touched.
    /// </summary>
    private void CloseEarlierRunConnections()
    {
        if (startState.OpenConnectionRows == 0) return;
        writer.Write([new EarlierRunConnectionsClosed(startState.MaxConnId)]);
        logger.LogWarning(
            "Closed {Count} connection rows an earlier run left open (it did not shut down cleanly); each is closed at the last time that run heard from it",
            startState.OpenConnectionRows);
    }

    private Task DrainAsync()
    {
        lock (_gate) return _draining ??= RunDrainAsync();
    }

    private async Task RunDrainAsync()
    {
        if (_server is null || _store is null) return;
        var limit = options.Value.Ingest.ShutdownDrainTimeout;
        var clock = Stopwatch.StartNew();
        var open = _connections.Count;
        endpoint.Unbind();
        try
        {
            await _server.EndConnectionsAsync().WaitAsync(limit);
            // Cut, ack and snapshot rows already answered for are queued separately; they go in ahead of the store's end.
            await coordinatorWrites.CompleteAsync().WaitAsync(Remaining(limit, clock.Elapsed));
            await _store.CompleteAsync().WaitAsync(Remaining(limit, clock.Elapsed));
            logger.LogInformation("Ingest drained: {Count} connections ended and everything read committed in {Elapsed}", open, clock.Elapsed);
        }
        catch (TimeoutException)
        {
            logger.LogWarning(
                "Ingest drain exceeded Peeps:Ingest:ShutdownDrainTimeout ({Limit}) with {Count} connection rows not yet closed; what was read but not committed is lost, and the writer stops after its current commit",
                limit, _connections.Count);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Ingest drain failed; the writer stops after its current commit");
        }
    }

    private static TimeSpan Remaining(TimeSpan limit, TimeSpan elapsed) => elapsed < limit ? limit - elapsed : TimeSpan.Zero;

    /// <summary>The Akka TCP binding takes the first address a name resolves to; resolve here so "localhost" means IPv4 loopback.</summary>
    private static async Task<string> ResolveAsync(string host)
    {
        if (System.Net.IPAddress.TryParse(host, out _)) return host;
        var addresses = await System.Net.Dns.GetHostAddressesAsync(host);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.First();
        return chosen.ToString();
    }
}
