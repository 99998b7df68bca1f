using Peeps.Simulator.Model;
using Peeps.Simulator.Workload;

namespace Peeps.Simulator.Scenarios;

/// <summary>
/// A lock-order inversion that does not last: <c>rebalance</c> holds <c>shards</c> and waits for <c>manifest</c>,
/// <c>checkpoint</c> holds <c>manifest</c> and waits for <c>shards</c>. After <c>hold</c> of process time the
/// checkpoint's wait times out: it gives up its lock and ends, rebalance gets it and ends too. After <c>gap</c> two
/// fresh tasks deadlock again, so a snapshot in each phase and their diff show a cycle that went away.
/// </summary>
internal sealed class ResolvingCycleScenario(IReadOnlyList<ScenarioProcess> processes, TimeSpan hold, TimeSpan gap) : ScenarioWorkload(processes)
{
    private string _shards = "";
    private string _manifest = "";
    private (SimTask Task, string Wait)? _rebalance;
    private (SimTask Task, string Wait)? _checkpoint;
    private ulong _since;

    private ScenarioProcess P => Processes[0];

    protected override void LayOut()
    {
        _shards = P.Resource("shards", "src/cluster/state.rs:21", new LockBody(LockKind.Mutex));
        _manifest = P.Resource("manifest", "src/cluster/state.rs:22", new LockBody(LockKind.Mutex));
        Form();
    }

    protected override void Advance()
    {
        var elapsed = TimeSpan.FromMilliseconds(P.Now - _since);
        if (_rebalance is not null && elapsed >= hold) Resolve();
        else if (_rebalance is null && elapsed >= gap) Form();
    }

    private void Form()
    {
        var rebalance = P.StartTask("rebalance", "src/cluster/rebalance.rs:30");
        var checkpoint = P.StartTask("checkpoint", "src/cluster/checkpoint.rs:15");
        P.ReleasedBy(_shards, rebalance);
        P.ReleasedBy(_manifest, checkpoint);
        _rebalance = (rebalance, P.Await(rebalance, "manifest.lock", "src/cluster/rebalance.rs:44", _manifest));
        _checkpoint = (checkpoint, P.Await(checkpoint, "shards.lock", "src/cluster/checkpoint.rs:29", _shards));
        _since = P.Now;
    }

    private void Resolve()
    {
        var (checkpoint, checkpointWait) = _checkpoint!.Value;
        P.Finish(checkpoint, [checkpointWait], "timed_out", "src/cluster/checkpoint.rs:29");
        var (rebalance, rebalanceWait) = _rebalance!.Value;
        P.Finish(rebalance, [rebalanceWait], "completed", "src/cluster/rebalance.rs:51");
        _rebalance = _checkpoint = null;
        _since = P.Now;
    }
}
