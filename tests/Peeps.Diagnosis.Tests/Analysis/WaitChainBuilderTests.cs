using Peeps.Diagnosis.Tests.Support;

namespace Peeps.Diagnosis.Tests.Analysis;

public sealed class WaitChainBuilderTests
{
    [Fact]
    public void A_chain_across_three_processes_through_two_rpc_links_reaches_the_io_at_its_end()
    {
        var report = Diagnose.Of(new SnapshotBuilder()
            .Process(1, "a", p => p.Future("aaaaF").Request("aaaaR1").Needs("aaaaF", "aaaaR1"))
            .Process(2, "b", p => p
                .Response("bbbbP1").Future("bbbbH").Request("bbbbR2")
                .Edge("aaaaR1", "bbbbP1", "rpc_link").Needs("bbbbH", "bbbbP1").Needs("bbbbH", "bbbbR2"))
            .Process(3, "c", p => p
                .Response("ccccP2").Future("ccccH").NetRead("ccccIo")
                .Edge("bbbbR2", "ccccP2", "rpc_link").Needs("ccccH", "ccccP2").Needs("ccccH", "ccccIo")));

        Assert.Empty(report.Deadlocks);
        var chain = Assert.Single(report.WaitChains);
        Assert.Equal("1:aaaaF", Diagnose.Key(chain.Head));
        Assert.Equal(7, chain.Depth);
        Assert.Equal(2, chain.ProcessHops);
        Assert.Equal("root_blocker", chain.EndsIn);
        var root = Assert.Single(chain.Roots);
        Assert.Equal("3:ccccIo", Diagnose.Key(root.Entity));
        Assert.Equal("external_io", root.Reason);

        var path = Path(chain.Tree);
        Assert.Equal(["1:aaaaF", "1:aaaaR1", "2:bbbbP1", "2:bbbbH", "2:bbbbR2", "3:ccccP2", "3:ccccH", "3:ccccIo"], path.Select(n => Diagnose.Key(n.Entity)));
        Assert.Equal([false, true, false, false, true, false, false], path.Skip(1).Select(n => n.Via!.ProcessHop));
        Assert.Equal(["needs", "rpc", "works_on", "needs", "rpc", "works_on", "needs"], path.Skip(1).Select(n => n.Via!.Kind));
    }

    private static List<Reports.ChainNode> Path(Reports.ChainNode node)
    {
        var path = new List<Reports.ChainNode> { node };
        while (node.WaitsOn.Count == 1) path.Add(node = node.WaitsOn[0]);
        return path;
    }

    [Fact]
    public void A_long_chain_into_a_deadlock_ends_there_and_names_it()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Future("x").Future("y").Needs("x", "y").Needs("y", "x")
            .Future("h").Future("m1").Future("m2").Needs("h", "m1").Needs("m1", "m2").Needs("m2", "x")));

        var chain = Assert.Single(report.WaitChains);
        Assert.Equal("1:h", Diagnose.Key(chain.Head));
        Assert.Equal("deadlock", chain.EndsIn);
        Assert.Equal([1], chain.DeadlockIds);
        Assert.Equal(3, chain.Depth);
        Assert.Empty(chain.Roots);
    }

    [Fact]
    public void A_future_waiting_on_several_things_is_a_branch_with_each_root()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Future("f").Lock("l").NetRead("io").Needs("f", "l").Needs("f", "io")));

        var chain = Assert.Single(report.WaitChains);
        Assert.Equal(2, chain.Tree.WaitsOn.Count);
        Assert.Equal(["1:io", "1:l"], chain.Roots.Select(r => Diagnose.Key(r.Entity)).Order());
        Assert.Equal(["external_io", "resource_without_holder"], chain.Roots.Select(r => r.Reason).Order());
    }

    [Fact]
    public void A_task_stuck_on_external_io_is_a_root_blocker_not_a_deadlock()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p.Future("f").NetRead("io").Needs("f", "io")));

        Assert.Empty(report.Deadlocks);
        Assert.Equal("external_io", Assert.Single(Assert.Single(report.WaitChains).Roots).Reason);
    }

    [Fact]
    public void A_request_whose_callee_did_not_answer_ends_the_chain_as_such()
    {
        var report = Diagnose.Of(new SnapshotBuilder()
            .Process(1, "a", p => p.Future("f").Request("r").Needs("f", "r"))
            .TimedOut(2, "b"));

        Assert.Equal("process_did_not_answer", Assert.Single(Assert.Single(report.WaitChains).Roots).Reason);
    }

    [Fact]
    public void Chains_are_ordered_longest_blocked_first_then_longest()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Future("young", birth: 90_000).Lock("l1").Needs("young", "l1")
            .Future("old", birth: 10).Lock("l2").Needs("old", "l2")
            .Future("old2", birth: 10).Future("mid", birth: 10).Lock("l3").Needs("old2", "mid").Needs("mid", "l3")));

        Assert.Equal(["1:old2", "1:old", "1:young"], report.WaitChains.Select(c => Diagnose.Key(c.Head)));
    }

    [Fact]
    public void Depth_beyond_the_bound_is_cut_and_said()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p =>
        {
            for (var i = 0; i < 10; i++) p.Future($"f{i}").Needs($"f{i}", $"f{i + 1}");
            p.Future("f10");
        }), new DiagnosisSettings { MaxChainDepth = 4 });

        var chain = Assert.Single(report.WaitChains);
        Assert.True(chain.Truncated);
        Assert.Equal(10, chain.Depth);
        Assert.Equal("bound", chain.EndsIn);
    }

    [Fact]
    public void Chains_beyond_the_count_bound_are_counted_and_said()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p =>
        {
            p.Lock("l");
            for (var i = 0; i < 5; i++) p.Future($"f{i}").Needs($"f{i}", "l");
        }), new DiagnosisSettings { MaxChains = 2 });

        Assert.Equal(2, report.WaitChains.Count);
        Assert.Equal(5, report.Summary.WaitChains);
        Assert.True(report.WaitChainsTruncated);
    }

    [Fact]
    public void A_wide_fan_out_is_cut_at_the_tree_size_bound()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p =>
        {
            p.Future("f");
            for (var i = 0; i < 50; i++) p.Lock($"l{i}").Needs("f", $"l{i}");
        }), new DiagnosisSettings { MaxChainNodes = 10 });

        var chain = Assert.Single(report.WaitChains);
        Assert.True(chain.Truncated);
        Assert.Equal("size", chain.Tree.CutBy);
        Assert.True(chain.Tree.WaitsOn.Count < 10);
    }

    [Fact]
    public void The_chain_from_a_chosen_entity_starts_there_even_when_something_waits_on_it()
    {
        var graph = Peeps.Diagnosis.Graph.WaitGraphBuilder.Build(new SnapshotBuilder()
            .Process(7, "a", p => p.Future("h").Future("m").Lock("l").Needs("h", "m").Needs("m", "l")).Build());

        var chain = Diagnoser.WaitChainFrom(graph, 7, "m", Diagnose.Defaults);

        Assert.NotNull(chain);
        Assert.Equal("7:m", Diagnose.Key(chain.Head));
        Assert.Equal(1, chain.Depth);
        Assert.Equal("7:l", Diagnose.Key(Assert.Single(chain.Roots).Entity));
        Assert.Null(Diagnoser.WaitChainFrom(graph, 7, "nope", Diagnose.Defaults));
        Assert.Null(Diagnoser.WaitChainFrom(graph, 8, "m", Diagnose.Defaults));
    }
}
