using Peeps.Simulator.Runtime;
using Peeps.Simulator.Workload;

namespace Peeps.Simulator;

/// <summary>
/// All simulated processes and the workload that changes them. Generation is driven by <see cref="Tick"/>
/// only, never by the network, so a seed fixes every process's change sequence however the connections fare.
/// </summary>
public sealed class SimulationWorld
{
    private readonly object _gate = new();
    private readonly List<ProcessWorkload> _workloads = [];
    private readonly ulong _tickMs;

    public SimulationWorld(SimulatorOptions options)
    {
        _tickMs = (ulong)Math.Max(1, options.TickInterval.TotalMilliseconds);
        var changesPerTick = options.ChangesPerSecond * _tickMs / 1000.0;
        var rpc = new RpcNetwork();
        var contexts = new List<ProcessContext>();
        var processes = new List<SimulatedProcess>();
        for (var index = 0; index < options.ProcessCount; index++)
        {
            var pid = options.FirstPid + (uint)index;
            var random = new Random(unchecked(options.Seed * 7_919 + index));
            var graph = new ProcessGraph(pid, options.Limits) { Now = (ulong)random.Next(150, 1_200) };
            var context = new ProcessContext($"{options.NamePrefix}-{index}", pid, graph, random, options.EntityCount);
            contexts.Add(context);
            _workloads.Add(new ProcessWorkload(context, rpc, changesPerTick));
            processes.Add(new SimulatedProcess(index, context, options.BehaviorOf(index), _gate));
        }
        foreach (var context in contexts) context.Peers = contexts;
        Processes = processes;
    }

    public IReadOnlyList<SimulatedProcess> Processes { get; }

    public long TickCount { get; private set; }

    /// <summary>Advances every process's clock by one tick interval and generates that tick's changes.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            foreach (var workload in _workloads)
            {
                workload.Context.Graph.Now += _tickMs;
                workload.Tick();
            }
            TickCount++;
        }
    }
}
