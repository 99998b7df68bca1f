using Peeps.Diagnosis.Tests.Support;

namespace Peeps.Diagnosis.Tests.Analysis;

public sealed class DeadlockFinderTests
{
    [Fact]
    public void A_future_waiting_on_itself_is_a_deadlock_of_one()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p.Future("f").Needs("f", "f")));

        var deadlock = Assert.Single(report.Deadlocks);
        Assert.Equal(["1:f"], Diagnose.Members(deadlock));
        Assert.Equal("certain", deadlock.Confidence);
        Assert.False(deadlock.CrossesProcesses);
    }

    [Fact]
    public void Lock_order_inversion_with_holders_is_a_certain_deadlock()
    {
        // t1 holds l1 and waits for l2; t2 holds l2 and waits for l1. Holders are edges out of the locks.
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Future("t1").Future("t2").Lock("l1").Lock("l2")
            .Needs("l1", "t1").Needs("t1", "l2").Needs("l2", "t2").Needs("t2", "l1")));

        var deadlock = Assert.Single(report.Deadlocks);
        Assert.Equal(["1:l1", "1:l2", "1:t1", "1:t2"], Diagnose.Members(deadlock));
        Assert.Equal("certain", deadlock.Confidence);
        Assert.Empty(deadlock.Reasons);
        Assert.Equal(4, deadlock.Edges.Count);
        Assert.False(deadlock.HasInferredEdges);
    }

    [Fact]
    public void Every_member_of_a_component_is_found_where_back_edge_marking_misses_one()
    {
        // a→b, b→a, a→c, c→b: c is on a cycle (a→c→b→a) that a DFS marking back edges does not see.
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Future("a").Future("b").Future("c")
            .Needs("a", "b").Needs("b", "a").Needs("a", "c").Needs("c", "b")));

        Assert.Equal(["1:a", "1:b", "1:c"], Diagnose.Members(Assert.Single(report.Deadlocks)));
    }

    [Fact]
    public void Two_independent_deadlocks_are_reported_separately_longest_blocked_first()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Future("a1", birth: 5000).Future("a2", birth: 5000).Needs("a1", "a2").Needs("a2", "a1")
            .Future("b1", birth: 1000).Future("b2", birth: 1000).Needs("b1", "b2").Needs("b2", "b1")));

        Assert.Equal(2, report.Deadlocks.Count);
        Assert.Equal(["1:b1", "1:b2"], Diagnose.Members(report.Deadlocks[0]));
        Assert.Equal(["1:a1", "1:a2"], Diagnose.Members(report.Deadlocks[1]));
        Assert.Equal([1, 2], report.Deadlocks.Select(d => d.Id));
        Assert.Equal(99_000, report.Deadlocks[0].BlockedForMs);
    }

    [Fact]
    public void An_rpc_cycle_across_two_processes_is_one_certain_deadlock_with_inferred_edges()
    {
        var report = Diagnose.Of(RpcCycle());

        var deadlock = Assert.Single(report.Deadlocks);
        Assert.Equal(["1:aaaaF", "1:aaaaH", "1:aaaaL", "1:aaaaPa", "1:aaaaRab", "2:bbbbH", "2:bbbbPb", "2:bbbbRba"], Diagnose.Members(deadlock));
        Assert.True(deadlock.CrossesProcesses);
        Assert.True(deadlock.HasInferredEdges);
        Assert.Equal("certain", deadlock.Confidence);
        Assert.Equal([1L, 2L], deadlock.ConnIds);
        Assert.Contains(deadlock.Edges, e => e is { Kind: "rpc", FromConnId: 1, FromEntityId: "aaaaRab", ToConnId: 2, ToEntityId: "bbbbPb", Inferred: true });
        Assert.Contains(deadlock.Edges, e => e is { Kind: "works_on", FromEntityId: "bbbbPb", ToEntityId: "bbbbH", Inferred: true });
    }

    /// <summary>
    /// A's caller F holds lock L and calls B; B's handler calls back into A; A's handler waits on L.
    /// </summary>
    internal static SnapshotBuilder RpcCycle() => new SnapshotBuilder()
        .Process(1, "a", p => p
            .Future("aaaaF").Request("aaaaRab", "B.work").Lock("aaaaL")
            .Response("aaaaPa", "A.callback").Future("aaaaH")
            .Needs("aaaaF", "aaaaRab").Needs("aaaaL", "aaaaF")
            .Edge("bbbbRba", "aaaaPa", "rpc_link").Needs("aaaaH", "aaaaPa").Needs("aaaaH", "aaaaL"))
        .Process(2, "b", p => p
            .Response("bbbbPb", "B.work").Future("bbbbH").Request("bbbbRba", "A.callback")
            .Edge("aaaaRab", "bbbbPb", "rpc_link").Needs("bbbbH", "bbbbPb").Needs("bbbbH", "bbbbRba"));

    [Fact]
    public void A_cycle_through_a_receiver_whose_sender_lives_outside_it_is_only_a_candidate()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Future("f").Channel("tx", sender: true).Channel("rx", sender: false)
            .Edge("tx", "rx", "channel_link")
            .Needs("f", "rx").Needs("rx", "f")));

        var deadlock = Assert.Single(report.Deadlocks);
        Assert.Equal("candidate", deadlock.Confidence);
        Assert.Contains(deadlock.Reasons, r => r.Contains("open sender tx", StringComparison.Ordinal));
        Assert.Equal(0, report.Summary.CertainDeadlocks);
    }

    [Fact]
    public void A_cycle_through_a_receiver_whose_only_sender_is_closed_stays_certain()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Future("f").Channel("tx", sender: true, closedBy: "sender_dropped").Channel("rx", sender: false)
            .Edge("tx", "rx", "channel_link")
            .Needs("f", "rx").Needs("rx", "f")));

        Assert.Equal("certain", Assert.Single(report.Deadlocks).Confidence);
    }

    [Fact]
    public void Cycles_through_a_semaphore_or_notify_are_candidates()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Future("f").Semaphore("s").Needs("f", "s").Needs("s", "f")
            .Future("g").Notify("n").Needs("g", "n").Needs("n", "g")));

        Assert.All(report.Deadlocks, d => Assert.Equal("candidate", d.Confidence));
        Assert.Equal(2, report.Deadlocks.Count);
    }

    [Fact]
    public void Polls_channel_link_and_closed_by_edges_never_close_a_cycle()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Future("f").Future("g").Channel("tx", sender: true).Channel("rx", sender: false)
            .Edge("f", "g", "polls").Edge("g", "f", "polls")
            .Edge("tx", "rx", "channel_link").Edge("rx", "tx", "closed_by")));

        Assert.Empty(report.Deadlocks);
        Assert.Equal(0, report.Summary.WaitEdges);
    }

    [Fact]
    public void A_deadlock_bigger_than_the_member_bound_lists_the_bound_and_counts_all()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p =>
        {
            for (var i = 0; i < 10; i++) p.Future($"f{i}").Needs($"f{i}", $"f{(i + 1) % 10}");
        }), new DiagnosisSettings { MaxDeadlockMembers = 3 });

        var deadlock = Assert.Single(report.Deadlocks);
        Assert.Equal(10, deadlock.MemberCount);
        Assert.Equal(3, deadlock.Members.Count);
        Assert.True(deadlock.Truncated);
    }
}
