using System.Net.Sockets;
using System.Threading.Channels;
using Akka.Actor;
using Microsoft.Extensions.Options;
using Peeps.Ingest.Inspection;
using Peeps.Web.Configuration;
using Peeps.Web.Hosting;
using Peeps.Wire;

namespace Peeps.Web.SelfReport;

/// <summary>
/// With <c>Peeps:SelfReport:Enabled</c>, the server connects to its own ingest port as a runtime and reports its
/// pipeline (<see cref="SelfRuntimeSession"/>), reconnecting after any loss. It starts once the port is bound and,
/// registered after the ingest service, stops before it unbinds (hosted services stop in reverse order).
/// </summary>
public sealed class SelfRuntime(
    IngestEndpoint endpoint,
    StreamGraphRegistry registry,
    ActorSystem system,
    IHostApplicationLifetime lifetime,
    IOptions<PeepsOptions> options,
    ILogger<SelfRuntime> log) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public bool IsRunning => !_running.IsCompleted;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SelfReport.Enabled) _running = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _running.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var settings = options.Value.SelfReport;
        var ingest = options.Value.Ingest;
        try
        {
            var server = IngestEndpoint.Connectable(await endpoint.Bound.WaitAsync(stop));
            var clock = ProcessClock.OfCurrentProcess();
            var translator = new PipelineTranslator(settings, clock);
            // Only when an idle timeout is configured (it is off by default): the server must never close the self
            // runtime for staying quiet, so it speaks at half that interval.
            TimeSpan? keepAlive = ingest.IdleTimeoutEnabled ? ingest.IdleTimeout / 2 : null;
            log.LogInformation(
                "Self report: the ingest pipeline reports itself as process {Name} (pid {Pid}) to {Server} every {Interval}",
                settings.ProcessName, Environment.ProcessId, server, settings.Interval);
            var failing = false;
            while (true)
            {
                try
                {
                    await new SelfRuntimeSession(settings, translator, registry, clock, ingest.MaxFrameBytes, keepAlive).RunAsync(server, stop);
                    failing = false;
                }
                catch (Exception e) when (e is SocketException or IOException or WireFormatException or ChannelClosedException)
                {
                    // Logged once per run of failures (a server that refuses its own connection would otherwise log every
                    // interval), and not at all when the server is going down and closing every connection anyway.
                    if (!failing && !ShuttingDown) log.LogWarning("Self report: connection to {Server} lost ({Reason}); reconnecting", server, e.Message);
                    failing = true;
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // A fault of our own must not end the report for the life of the server; a fresh session starts clean.
                    if (!failing) log.LogError(e, "Self report: session failed; starting a new one");
                    failing = true;
                }
                await Task.Delay(settings.Interval, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping is the only way out.
        }
    }

    /// <summary>Akka's own exit hook may close the ingest connections before the host stops this service.</summary>
    private bool ShuttingDown =>
        lifetime.ApplicationStopping.IsCancellationRequested || CoordinatedShutdown.Get(system).ShutdownReason is not null;

    public void Dispose() => _stopping.Dispose();
}
