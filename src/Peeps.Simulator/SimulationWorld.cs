using Peeps.Simulator.Runtime;
using Peeps.Simulator.Scenarios;
using Peeps.Simulator.Workload;

namespace Peeps.Simulator;

/// <summary>
/// All simulated processes and the workloads that change them: the busy runtimes' random traffic, then the stuck
/// scenarios. Generation is driven by <see cref="Tick"/> only, never by the network, so a seed fixes every process's
/// change sequence however the connections fare.
/// </summary>
public sealed class SimulationWorld
{
    private readonly object _gate = new();
    private readonly List<ProcessContext> _contexts = [];
    private readonly List<ProcessWorkload> _workloads = [];
    private readonly List<ScenarioWorkload> _scenarios = [];
    private readonly List<SimulatedProcess> _processes = [];
    private readonly SimulatorSettings _options;
    private readonly ulong _tickMs;

    public SimulationWorld(SimulatorSettings options)
    {
        _options = options;
        _tickMs = (ulong)Math.Max(1, options.TickInterval.TotalMilliseconds);
        var changesPerTick = options.ChangesPerSecond * _tickMs / 1000.0;
        var rpc = new RpcNetwork();
        for (var index = 0; index < options.ProcessCount; index++)
            _workloads.Add(new ProcessWorkload(AddProcess($"{options.NamePrefix}-{index}"), rpc, changesPerTick));
        // Only the busy runtimes call each other; a stuck scenario's processes hold exactly what it builds.
        foreach (var workload in _workloads) workload.Context.Peers = [.. _workloads.Select(w => w.Context)];
        foreach (var scenario in options.Scenarios.Distinct())
        {
            var processes = StuckScenarios.Roles(scenario)
                .Select(role => new ScenarioProcess(AddProcess($"{options.NamePrefix}-{role}")))
                .ToList();
            _scenarios.Add(ScenarioWorkload.Create(scenario, processes, options));
        }
    }

    public IReadOnlyList<SimulatedProcess> Processes => _processes;

    public long TickCount { get; private set; }

    /// <summary>Advances every process's clock by one tick interval and generates that tick's changes.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            foreach (var context in _contexts) context.Graph.Now += _tickMs;
            foreach (var workload in _workloads) workload.Tick();
            foreach (var scenario in _scenarios) scenario.Tick();
            TickCount++;
        }
    }

    private ProcessContext AddProcess(string name)
    {
        var index = _contexts.Count;
        var pid = _options.FirstPid + (uint)index;
        var random = new Random(unchecked(_options.Seed * 7_919 + index));
        var graph = new ProcessGraph(pid, _options.Limits) { Now = (ulong)random.Next(150, 1_200) };
        var context = new ProcessContext(name, pid, graph, random, _options.EntityCount);
        _contexts.Add(context);
        _processes.Add(new SimulatedProcess(index, context, _options.BehaviorOf(index), _gate));
        return context;
    }
}
