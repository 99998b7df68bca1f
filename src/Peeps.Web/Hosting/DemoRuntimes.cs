using System.Net;
using Microsoft.Extensions.Options;
using Peeps.Simulator;
using Peeps.Simulator.Scenarios;
using Peeps.Web.Configuration;

namespace Peeps.Web.Hosting;

/// <summary>
/// Demo mode: simulated runtimes connect to this server's own ingest port, so a newcomer sees live data at once.
/// They start only once the port is bound (its number is unknown before when the setting asks for port 0), and
/// stop before the ingest service unbinds, because hosted services stop in reverse registration order.
/// </summary>
public sealed class DemoRuntimes(IngestEndpoint endpoint, IOptions<PeepsOptions> options, ILogger<DemoRuntimes> log) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task<Simulation?> _starting = Task.FromResult<Simulation?>(null);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Demo) return Task.CompletedTask;
        _starting = StartWhenBoundAsync(options.Value.DemoRuntimes, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        var simulation = await _starting;
        if (simulation is not null)
            await simulation.DisposeAsync().AsTask().WaitAsync(cancellationToken);
    }

    private async Task<Simulation?> StartWhenBoundAsync(DemoSettings demo, CancellationToken stopping)
    {
        IPEndPoint bound;
        try
        {
            bound = await endpoint.Bound.WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        var target = IngestEndpoint.Connectable(bound);
        var simulation = Simulation.Start(new SimulatorSettings
        {
            Host = target.Address.ToString(),
            Port = target.Port,
            ProcessCount = demo.ProcessCount,
            SlowProcesses = demo.SlowProcesses,
            SlowReplyDelay = demo.SlowReplyDelay,
            ChangesPerSecond = demo.ChangesPerSecond,
            EntityCount = demo.EntityCount,
            Seed = demo.Seed,
            NamePrefix = demo.NamePrefix,
            Scenarios = demo.StuckRuntimes ? StuckScenarios.All : [],
        });
        log.LogInformation(
            "Demo mode: {Count} simulated runtimes ({Slow} slow to answer) and {Stuck} stuck ones sending to {Host}:{Port}",
            demo.ProcessCount, demo.SlowProcesses, simulation.Runtimes.Count - demo.ProcessCount, target.Address, target.Port);
        return simulation;
    }

    public void Dispose() => _stopping.Dispose();
}
