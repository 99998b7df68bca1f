using Peeps.Diagnosis.Diff;
using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Tests.Support;

namespace Peeps.Diagnosis.Tests.Diff;

public sealed class SnapshotDifferTests
{
    private static SnapshotDiff Diff(SnapshotBuilder from, SnapshotBuilder to) =>
        SnapshotDiffer.Diff(WaitGraphBuilder.Build(from.Build()), WaitGraphBuilder.Build(to.Build()), Diagnose.Defaults);

    [Fact]
    public void A_cycle_that_resolves_between_two_snapshots_shows_its_edges_removed_and_the_deadlock_resolved()
    {
        var before = new SnapshotBuilder().Id(1).Process(1, "a", p => p
            .Future("t1").Future("t2").Lock("l1").Lock("l2")
            .Needs("l1", "t1").Needs("t1", "l2").Needs("l2", "t2").Needs("t2", "l1"));
        var after = new SnapshotBuilder().Id(2).CapturedAt(1_700_000_003_000).Process(1, "a", p => p
            .Future("t1").Future("t2").Lock("l1").Lock("l2").Needs("l1", "t1"));

        var diff = Diff(before, after);

        Assert.Equal(1, diff.FromSnapshotId);
        Assert.Equal(2, diff.ToSnapshotId);
        Assert.Equal(3_000, diff.IntervalMs);
        Assert.Equal(["1:l2->1:t2", "1:t1->1:l2", "1:t2->1:l1"], diff.WaitEdgesRemoved.Select(e => $"{e.FromConnId}:{e.FromEntityId}->{e.ToConnId}:{e.ToEntityId}"));
        Assert.Empty(diff.WaitEdgesAdded);
        var still = Assert.Single(diff.StillBlocked);
        Assert.Equal(("1:l1", "1:t1"), (Diagnose.Key(still.Waiter), Diagnose.Key(still.WaitsOn)));
        var change = Assert.Single(diff.Deadlocks);
        Assert.Equal("resolved", change.Change);
        Assert.Equal(1, diff.Summary.DeadlocksResolved);
        Assert.Equal(0, diff.Summary.DeadlocksAfter);
    }

    [Fact]
    public void A_deadlock_in_both_snapshots_is_persisting_and_its_waits_are_still_blocked_with_their_ages()
    {
        SnapshotBuilder Cycle(long ptime) => new SnapshotBuilder().Process(1, "a", p => p
            .Future("x").Future("y").Needs("x", "y").Needs("y", "x"), ptimeNowMs: ptime);

        var diff = Diff(Cycle(10_000), Cycle(20_000));

        Assert.Equal("persisting", Assert.Single(diff.Deadlocks).Change);
        Assert.Equal(2, diff.StillBlocked.Count);
        Assert.All(diff.StillBlocked, s => Assert.Equal((9_000L, 19_000L), (s.WaitMsBefore!.Value, s.WaitMsAfter!.Value)));
    }

    [Fact]
    public void Entities_are_keyed_by_process_so_the_same_id_in_another_process_is_a_different_entity()
    {
        var diff = Diff(
            new SnapshotBuilder().Process(1, "a", p => p.Future("f")),
            new SnapshotBuilder().Process(2, "b", p => p.Future("f")));

        Assert.Equal(["2:f"], diff.EntitiesAdded.Select(Diagnose.Key));
        Assert.Equal(["1:f"], diff.EntitiesRemoved.Select(Diagnose.Key));
        Assert.Equal([2L], diff.ProcessesAdded.Select(p => p.ConnId));
        Assert.Equal([1L], diff.ProcessesRemoved.Select(p => p.ConnId));
    }

    [Fact]
    public void A_body_change_is_reported_with_the_body_before_and_after()
    {
        var diff = Diff(
            new SnapshotBuilder().Process(1, "a", p => p.Channel("tx", sender: true, occupancy: 1).Future("same")),
            new SnapshotBuilder().Process(1, "a", p => p.Channel("tx", sender: true, occupancy: 8).Future("same")));

        var change = Assert.Single(diff.EntitiesChanged);
        Assert.Equal("1:tx", Diagnose.Key(change.Entity));
        Assert.Equal(1, (int)change.Before!["channel_tx"]!["details"]!["mpsc"]!["buffer"]!["occupancy"]!);
        Assert.Equal(8, (int)change.After!["channel_tx"]!["details"]!["mpsc"]!["buffer"]!["occupancy"]!);
        Assert.Contains("8/8 full", change.Entity.State, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_past_the_bound_are_cut_and_the_counts_stay_whole()
    {
        var to = new SnapshotBuilder().Process(1, "a", p =>
        {
            for (var i = 0; i < 30; i++) p.Future($"f{i:D2}");
        });
        var diff = SnapshotDiffer.Diff(WaitGraphBuilder.Build(new SnapshotBuilder().Build()), WaitGraphBuilder.Build(to.Build()),
            new DiagnosisSettings { MaxDiffItems = 10 });

        Assert.Equal(10, diff.EntitiesAdded.Count);
        Assert.Equal(30, diff.Summary.EntitiesAdded);
        Assert.True(diff.Truncated);
        Assert.Equal("1:f00", Diagnose.Key(diff.EntitiesAdded[0]));
    }
}
