namespace Peeps.Simulator;

/// <summary>
/// A running simulation: the world ticking on a timer and one TCP connection per simulated runtime.
/// <code>
/// await using var sim = Simulation.Start(new SimulatorSettings { Port = 9119, ProcessCount = 8 });
/// await sim.WaitForAllConnectedAsync();
/// ...
/// await sim.StopAsync();
/// </code>
/// </summary>
public sealed class Simulation : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    private Simulation(SimulatorSettings options)
    {
        Options = options;
        World = new SimulationWorld(options);
        Runtimes = [.. World.Processes.Select(p => new SimulatedRuntime(p))];
    }

    public SimulatorSettings Options { get; }
    public SimulationWorld World { get; }
    public IReadOnlyList<SimulatedRuntime> Runtimes { get; }

    public static Simulation Start(SimulatorSettings options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.ProcessCount);
        if (options.ProcessCount == 0 && options.Scenarios.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(options), "a simulation needs a busy process or a stuck scenario");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TickInterval, TimeSpan.Zero);
        var simulation = new Simulation(options);
        // The first tick lays out each process's long-lived entities before anything connects.
        simulation.World.Tick();
        simulation._loops.Add(Task.Run(() => simulation.GenerateAsync(simulation._stop.Token)));
        foreach (var runtime in simulation.Runtimes)
        {
            var connection = new RuntimeConnection(runtime, options);
            simulation._loops.Add(Task.Run(() => connection.RunAsync(simulation._stop.Token)));
        }
        return simulation;
    }

    public long TotalChangesSent => Runtimes.Sum(r => r.ChangesSent);

    public Task WaitForAllConnectedAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(Runtimes.Select(r => r.WaitForFirstConnectionAsync(cancellationToken)));

    /// <summary>Completes once every runtime has sent everything it had generated when this was called.</summary>
    public Task WaitForAllSentAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(Runtimes.Select(r => r.WaitForAllSentAsync(cancellationToken)));

    /// <summary>Stops generating, closes every connection and waits for the loops to end.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task GenerateAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Options.TickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) World.Tick();
        }
        catch (OperationCanceledException)
        {
            // Stopping is the only way out of the generation loop.
        }
    }
}
