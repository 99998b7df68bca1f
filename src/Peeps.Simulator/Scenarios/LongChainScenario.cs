using Peeps.Simulator.Model;

namespace Peeps.Simulator.Scenarios;

/// <summary>
/// A deep wait that is not a cycle: in A, each pipeline stage waits for a lock the next stage holds, the last stage
/// calls <c>Storage.flush</c> on B, and B's handler waits for <c>wal</c>, held by <c>compactor</c>, which is running
/// (it waits on nothing). The chain is 18 waits long and crosses one process; its root blocker is <c>compactor</c>.
/// </summary>
internal sealed class LongChainScenario(IReadOnlyList<ScenarioProcess> processes) : ScenarioWorkload(processes)
{
    private static readonly string[] Stages = ["ingest", "parse", "validate", "enrich", "persist"];
    private static readonly string[] Locks = ["batch", "schema", "rules", "catalog"];

    protected override void LayOut()
    {
        var (a, b) = (Processes[0], Processes[1]);
        var stages = Stages.Select((name, i) => a.StartTask(name, $"src/pipeline/{name}.rs:{20 + i}")).ToList();
        for (var i = 0; i < Locks.Length; i++)
        {
            var held = a.Resource(Locks[i], $"src/pipeline/state.rs:{30 + i}", new LockBody(LockKind.Mutex));
            a.ReleasedBy(held, stages[i + 1]);
            a.Await(stages[i], Locks[i] + ".lock", $"src/pipeline/{Stages[i]}.rs:{40 + i}", held);
        }
        var flush = a.Request(stages[^1], "Storage.flush", "segment=42", b, "src/pipeline/persist.rs:52");
        var flushing = b.Serve(flush, "Storage.flush", a, "src/storage/rpc.rs:31");
        var wal = b.Resource("wal", "src/storage/wal.rs:12", new LockBody(LockKind.Mutex));
        var compactor = b.StartTask("compactor", "src/storage/compact.rs:25");
        b.ReleasedBy(wal, compactor);
        b.Await(flushing, "wal.lock", "src/storage/flush.rs:44", wal);
    }
}
