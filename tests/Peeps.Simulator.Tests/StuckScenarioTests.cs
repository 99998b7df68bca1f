using Peeps.Diagnosis;
using Peeps.Diagnosis.Diff;
using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Reports;
using Peeps.Simulator.Scenarios;
using static Peeps.Simulator.Tests.WorldDiagnosis;

namespace Peeps.Simulator.Tests;

/// <summary>Each stuck scenario's graph, diagnosed by the real rules: exactly the deadlock, chain or root blocker it builds.</summary>
public sealed class StuckScenarioTests
{
    private static SimulationWorld World(params StuckScenario[] scenarios)
    {
        var world = new SimulationWorld(new SimulatorSettings
        {
            ProcessCount = 0, Scenarios = scenarios, NamePrefix = "t",
            ResolvingCycleHold = TimeSpan.FromSeconds(1), ResolvingCycleGap = TimeSpan.FromSeconds(1),
        });
        for (var i = 0; i < 3; i++) world.Tick();
        return world;
    }

    private static HashSet<(string, string)> Members(DeadlockReport deadlock) => [.. deadlock.Members.Select(Named)];

    /// <summary>Edges as (from, to, kind) by name; every end of a deadlock's edge is one of its members.</summary>
    private static HashSet<(string, string, string, string, string)> Edges(DeadlockReport deadlock)
    {
        var names = deadlock.Members.ToDictionary(m => (m.ConnId, m.EntityId), Named);
        return [.. deadlock.Edges.Select(e =>
        {
            var (fromProcess, from) = names[(e.FromConnId, e.FromEntityId)];
            var (toProcess, to) = names[(e.ToConnId, e.ToEntityId)];
            return (fromProcess, from, toProcess, to, e.Kind);
        })];
    }

    /// <summary>The entities along a chain that does not branch, head first.</summary>
    private static List<(string, string)> Path(WaitChainReport chain)
    {
        var path = new List<(string, string)>();
        for (var node = chain.Tree; ; node = Assert.Single(node.WaitsOn))
        {
            path.Add(Named(node.Entity));
            if (node.WaitsOn.Count == 0) return path;
        }
    }

    [Fact]
    public void Lock_inversion_is_one_certain_deadlock_of_both_tasks_their_lock_waits_and_both_locks()
    {
        var report = Diagnose(World(StuckScenario.LockInversion));

        var deadlock = Assert.Single(report.Deadlocks);
        const string p = "t-lock-inversion";
        Assert.Equal("certain", deadlock.Confidence);
        Assert.False(deadlock.CrossesProcesses);
        Assert.False(deadlock.HasInferredEdges);
        Assert.Equal(
            [(p, "transfer", p, "ledger.lock", "needs"), (p, "ledger.lock", p, "ledger", "needs"), (p, "ledger", p, "audit", "needs"),
             (p, "audit", p, "accounts.write", "needs"), (p, "accounts.write", p, "accounts", "needs"), (p, "accounts", p, "transfer", "needs")],
            Edges(deadlock));
        Assert.Equal([(p, "accounts"), (p, "accounts.write"), (p, "audit"), (p, "ledger"), (p, "ledger.lock"), (p, "transfer")], Members(deadlock));
    }

    [Fact]
    public void A_task_queued_behind_the_lock_inversion_is_a_chain_into_the_deadlock_not_a_member()
    {
        var report = Diagnose(World(StuckScenario.LockInversion));

        var chain = Assert.Single(report.WaitChains);
        Assert.Equal([("t-lock-inversion", "report"), ("t-lock-inversion", "accounts.read"), ("t-lock-inversion", "accounts")], Path(chain));
        Assert.Equal("deadlock", chain.EndsIn);
        Assert.Equal([report.Deadlocks[0].Id], chain.DeadlockIds);
        Assert.Empty(chain.Roots);
    }

    [Fact]
    public void Full_channels_feeding_each_other_are_one_certain_deadlock_of_senders_sender_ends_and_consumers()
    {
        var report = Diagnose(World(StuckScenario.ChannelCycle));

        var deadlock = Assert.Single(report.Deadlocks);
        const string p = "t-channel-cycle";
        Assert.Equal("certain", deadlock.Confidence);
        Assert.Equal(
            [(p, "parser", p, "index_q.send", "needs"), (p, "index_q.send", p, "index_q.tx", "needs"), (p, "index_q.tx", p, "indexer", "needs"),
             (p, "indexer", p, "parse_q.send", "needs"), (p, "parse_q.send", p, "parse_q.tx", "needs"), (p, "parse_q.tx", p, "parser", "needs")],
            Edges(deadlock));
        Assert.Equal(6, deadlock.MemberCount);
        Assert.Empty(report.WaitChains);
    }

    [Fact]
    public void Rpc_cycle_is_one_certain_deadlock_across_both_processes_closed_by_inferred_rpc_and_works_on_edges()
    {
        var report = Diagnose(World(StuckScenario.RpcCycle));

        var deadlock = Assert.Single(report.Deadlocks);
        const string a = "t-rpc-cycle-a", b = "t-rpc-cycle-b";
        Assert.Equal("certain", deadlock.Confidence);
        Assert.True(deadlock.CrossesProcesses);
        Assert.True(deadlock.HasInferredEdges);
        Assert.Equal(
            [(a, "place_order", a, "Inventory.reserve", "needs"),
             (a, "Inventory.reserve", b, "Inventory.reserve", "rpc"),
             (b, "Inventory.reserve", b, "handle Inventory.reserve", "works_on"),
             (b, "handle Inventory.reserve", b, "Orders.confirm_hold", "needs"),
             (b, "Orders.confirm_hold", a, "Orders.confirm_hold", "rpc"),
             (a, "Orders.confirm_hold", a, "handle Orders.confirm_hold", "works_on"),
             (a, "handle Orders.confirm_hold", a, "orders.lock", "needs"),
             (a, "orders.lock", a, "orders", "needs"),
             (a, "orders", a, "place_order", "needs")],
            Edges(deadlock));
        Assert.Equal(9, deadlock.MemberCount);
        Assert.Empty(report.UnresolvedRpcLinks);
        Assert.Empty(report.WaitChains);
    }

    [Fact]
    public void Long_chain_is_no_deadlock_but_one_chain_of_eighteen_waits_across_two_processes_to_the_running_compactor()
    {
        var report = Diagnose(World(StuckScenario.LongChain));

        Assert.Empty(report.Deadlocks);
        var chain = Assert.Single(report.WaitChains);
        const string a = "t-long-chain-a", b = "t-long-chain-b";
        Assert.Equal(
            [(a, "ingest"), (a, "batch.lock"), (a, "batch"), (a, "parse"), (a, "schema.lock"), (a, "schema"), (a, "validate"),
             (a, "rules.lock"), (a, "rules"), (a, "enrich"), (a, "catalog.lock"), (a, "catalog"), (a, "persist"), (a, "Storage.flush"),
             (b, "Storage.flush"), (b, "handle Storage.flush"), (b, "wal.lock"), (b, "wal"), (b, "compactor")],
            Path(chain));
        Assert.Equal(18, chain.Depth);
        Assert.Equal(1, chain.ProcessHops);
        Assert.Equal("root_blocker", chain.EndsIn);
        var root = Assert.Single(chain.Roots);
        Assert.Equal((b, "compactor"), Named(root.Entity));
        Assert.Equal("running_work", root.Reason);
        Assert.Empty(report.UnresolvedRpcLinks);
    }

    [Fact]
    public void Stuck_io_is_no_deadlock_but_two_chains_through_the_cache_lock_to_the_network_read_as_root_blocker()
    {
        var report = Diagnose(World(StuckScenario.StuckIo));

        Assert.Empty(report.Deadlocks);
        const string p = "t-stuck-io";
        Assert.Equal(
            [
                [(p, "handle_get"), (p, "cache.read"), (p, "cache"), (p, "sync_upstream"), (p, "tcp.read"), (p, "10.0.0.9:5432")],
                [(p, "handle_put"), (p, "cache.write"), (p, "cache"), (p, "sync_upstream"), (p, "tcp.read"), (p, "10.0.0.9:5432")],
            ],
            report.WaitChains.Select(Path).OrderBy(path => path[0].Item2));
        Assert.All(report.WaitChains, chain =>
        {
            var root = Assert.Single(chain.Roots);
            Assert.Equal(("external_io", "net_read"), (root.Reason, root.Entity.Kind));
        });
    }

    [Fact]
    public void Resolving_cycle_deadlocks_then_breaks_after_its_hold_and_the_diff_shows_every_cycle_edge_removed()
    {
        var world = World(StuckScenario.ResolvingCycle);
        var before = Document(world);
        var deadlock = Assert.Single(Diagnoser.Diagnose(before, new DiagnosisSettings()).Deadlocks);
        Assert.Equal(6, deadlock.MemberCount);
        Assert.Equal("certain", deadlock.Confidence);

        for (var i = 0; i < 10; i++) world.Tick();
        var after = Document(world);

        Assert.Empty(Diagnoser.Diagnose(after, new DiagnosisSettings()).Deadlocks);
        var diff = SnapshotDiffer.Diff(WaitGraphBuilder.Build(before), WaitGraphBuilder.Build(after), new DiagnosisSettings());
        var change = Assert.Single(diff.Deadlocks);
        Assert.Equal("resolved", change.Change);
        Assert.Equal(deadlock.Members.Select(m => m.EntityId).Order(), change.Members.Select(m => m.EntityId).Order());
        Assert.Equal(
            deadlock.Edges.Select(e => (e.FromEntityId, e.ToEntityId)).Order(),
            diff.WaitEdgesRemoved.Select(e => (e.FromEntityId, e.ToEntityId)).Order());
        Assert.Empty(diff.WaitEdgesAdded);
    }

    [Fact]
    public void Resolving_cycle_forms_again_with_fresh_tasks_after_its_gap()
    {
        var world = World(StuckScenario.ResolvingCycle);
        var first = Assert.Single(Diagnose(world).Deadlocks);

        for (var i = 0; i < 20; i++) world.Tick();

        var again = Assert.Single(Diagnose(world).Deadlocks);
        Assert.Equal(Members(first), Members(again));
        Assert.Empty(first.Members.Where(m => m.Kind == "future").Select(m => m.EntityId).Intersect(again.Members.Select(m => m.EntityId)));
    }

    [Fact]
    public void Every_scenario_together_gives_the_four_cycles_and_nothing_joins_across_scenarios()
    {
        var report = Diagnose(World([.. StuckScenarios.All]));

        Assert.Equal(
            ["t-channel-cycle", "t-lock-inversion", "t-resolving-cycle", "t-rpc-cycle-a+t-rpc-cycle-b"],
            report.Deadlocks.Select(d => string.Join("+", d.Members.Select(m => m.ProcessName).Distinct().Order())).Order());
        Assert.All(report.Deadlocks, d => Assert.Equal("certain", d.Confidence));
        Assert.Equal(0, report.Summary.DanglingEdges);
        Assert.Empty(report.UnresolvedRpcLinks);
    }

    [Fact]
    public void A_stuck_runtime_changes_nothing_after_it_is_laid_out_while_the_resolving_one_keeps_moving()
    {
        var world = World([.. StuckScenarios.All]);
        var before = world.Processes.ToDictionary(p => p.Name, p => p.NextSeqNo);

        for (var i = 0; i < 30; i++) world.Tick();

        Assert.Equal(["t-resolving-cycle"], world.Processes.Where(p => p.NextSeqNo != before[p.Name]).Select(p => p.Name));
    }

    [Fact]
    public void Scenario_processes_follow_the_busy_ones_named_by_prefix_and_role()
    {
        var world = new SimulationWorld(new SimulatorSettings { ProcessCount = 2, NamePrefix = "demo", Scenarios = [StuckScenario.RpcCycle, StuckScenario.StuckIo] });

        Assert.Equal(
            ["demo-0", "demo-1", "demo-rpc-cycle-a", "demo-rpc-cycle-b", "demo-stuck-io"],
            world.Processes.Select(p => p.Name));
        Assert.Equal([41_000u, 41_001, 41_002, 41_003, 41_004], world.Processes.Select(p => p.Pid));
        Assert.All(world.Processes, p => Assert.Equal(ProcessBehavior.Normal, p.Behavior));
    }

    [Theory]
    [InlineData("lock-inversion", StuckScenario.LockInversion)]
    [InlineData("RPC-CYCLE", StuckScenario.RpcCycle)]
    [InlineData("resolving-cycle", StuckScenario.ResolvingCycle)]
    public void Scenario_names_parse_case_insensitively(string name, StuckScenario expected)
    {
        Assert.True(StuckScenarios.TryParse(name, out var scenario));
        Assert.Equal(expected, scenario);
        Assert.False(StuckScenarios.TryParse("deadlock", out _));
    }
}
