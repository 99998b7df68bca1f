using Peeps.Simulator.Model;
using Peeps.Simulator.Runtime;
using Peeps.Simulator.Workload;

namespace Peeps.Simulator;

/// <summary>
/// One simulated runtime's identity and graph. Its state is changed only by <see cref="SimulationWorld.Tick"/>;
/// these accessors take the world's lock, so a connection can read while the world generates.
/// </summary>
public sealed class SimulatedProcess
{
    private readonly object _gate;
    private readonly ProcessContext _context;

    internal SimulatedProcess(int index, ProcessContext context, ProcessBehavior behavior, object gate)
    {
        Index = index;
        _context = context;
        Behavior = behavior;
        _gate = gate;
    }

    public int Index { get; }
    public string Name => _context.ProcessName;
    public uint Pid => _context.Pid;
    public string StreamId => _context.StreamId;
    public ProcessBehavior Behavior { get; }

    /// <summary>Changes generated so far: the cursor a cut_ack would report now.</summary>
    public ulong NextSeqNo
    {
        get { lock (_gate) return _context.Graph.Log.NextSeqNo; }
    }

    public ulong PtimeNowMs
    {
        get { lock (_gate) return _context.Graph.Now; }
    }

    public PullResult Pull(ulong cursor, int maxChanges)
    {
        lock (_gate) return _context.Graph.Log.Pull(cursor, maxChanges);
    }

    public (ulong PtimeNowMs, GraphSnapshot Snapshot) Capture()
    {
        lock (_gate) return (_context.Graph.Now, _context.Graph.Capture());
    }
}
