using System.Text.Json.Nodes;
using Peeps.Simulator.Model;

namespace Peeps.Simulator.Scenarios;

/// <summary>
/// <c>parser</c> drains <c>parse_q</c> into <c>index_q</c>; <c>indexer</c> drains <c>index_q</c> and requeues retries into
/// <c>parse_q</c>. Both queues are full and each task is blocked sending into the other's: a full sender end waits for
/// the task that would drain it, so the cycle is parser → index_q.send → index_q.tx → indexer → parse_q.send → parse_q.tx.
/// </summary>
internal sealed class ChannelCycleScenario(IReadOnlyList<ScenarioProcess> processes) : ScenarioWorkload(processes)
{
    private const uint Capacity = 8;

    protected override void LayOut()
    {
        var p = Processes[0];
        var parseTx = FullChannel(p, "parse_q");
        var indexTx = FullChannel(p, "index_q");
        var parser = p.StartTask("parser", "src/pipeline/parse.rs:22");
        var indexer = p.StartTask("indexer", "src/pipeline/index.rs:17");
        p.ReleasedBy(parseTx, parser);
        p.ReleasedBy(indexTx, indexer);
        BlockedSend(p, parser, "index_q", indexTx, "src/pipeline/parse.rs:48");
        BlockedSend(p, indexer, "parse_q", parseTx, "src/pipeline/index.rs:61");
    }

    /// <returns>The sender end.</returns>
    private static string FullChannel(ScenarioProcess p, string name)
    {
        var details = new BufferedChannelDetails(false, new ChannelBuffer(Capacity, Capacity));
        var tx = p.Resource(name + ".tx", "src/pipeline/mod.rs:31", new ChannelEndBody(true, ChannelLifecycle.Open, details), new JsonObject { ["channel"] = name });
        var rx = p.Resource(name + ".rx", "src/pipeline/mod.rs:31", new ChannelEndBody(false, ChannelLifecycle.Open, details), new JsonObject { ["channel"] = name });
        p.Context.Graph.Upsert(new Edge(tx, rx, EdgeKind.ChannelLink, null));
        return tx;
    }

    private static void BlockedSend(ScenarioProcess p, Workload.SimTask sender, string channel, string tx, string source)
    {
        p.Await(sender, channel + ".send", source, tx);
        p.Context.Emit(tx, EventKind.ChannelSent, EventMeta.ChannelSent(SendOutcome.Full, Capacity), source);
        p.Context.Emit(tx, EventKind.ChannelWaitStarted, EventMeta.WaitStarted(WaitKind.SendFull), source);
    }
}
