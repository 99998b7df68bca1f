using Peeps.Simulator.Model;

namespace Peeps.Simulator.Scenarios;

/// <summary>
/// <c>sync_upstream</c> holds <c>cache</c> while it reads from an upstream that never answers; <c>handle_get</c> and
/// <c>handle_put</c> wait for <c>cache</c>. Stuck, but on the outside world: the root blocker is the network read.
/// </summary>
internal sealed class StuckIoScenario(IReadOnlyList<ScenarioProcess> processes) : ScenarioWorkload(processes)
{
    private const string Upstream = "10.0.0.9:5432";

    protected override void LayOut()
    {
        var p = Processes[0];
        var cache = p.Resource("cache", "src/cache.rs:11", new LockBody(LockKind.RwLock));
        var sync = p.StartTask("sync_upstream", "src/sync.rs:19");
        p.ReleasedBy(cache, sync);
        var read = p.Create(sync, Upstream, "src/sync.rs:33", new NetBody(NetOp.Read, Upstream));
        p.Await(sync, "tcp.read", "src/sync.rs:33", read);
        p.Await(p.StartTask("handle_get", "src/http/get.rs:8"), "cache.read", "src/http/get.rs:21", cache);
        p.Await(p.StartTask("handle_put", "src/http/put.rs:8"), "cache.write", "src/http/put.rs:26", cache);
    }
}
