using Peeps.Ingest.Store;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Tests.Store;

/// <summary>A forming group closes at its weight bound or at its expected commit time, whichever it reaches first.</summary>
public sealed class GroupBudgetTests
{
    private static DeltaBatchReceived Batch(int changes) =>
        new(1, new DeltaBatch("s", 0, (ulong)changes, [.. Enumerable.Range(0, changes).Select(i => new RemoveEntity((ulong)i, $"e{i}"))],
            false, null, ReadOnlyMemory<byte>.Empty), 0);

    /// <summary>How many of these batches fit in one group, as BatchWeighted folds them.</summary>
    private static int BatchesPerGroup(GroupBudget budget, DeltaBatchReceived batch)
    {
        long cost = 0;
        var count = 0;
        while (cost + budget.Cost(batch) <= GroupBudget.Limit)
        {
            cost += budget.Cost(batch);
            count++;
        }
        return count;
    }

    [Fact]
    public void While_commits_are_fast_the_weight_bound_decides()
    {
        var budget = new GroupBudget(maxWeight: 10_000, maxCommitTime: TimeSpan.FromMilliseconds(100));
        budget.Committed(10_000, TimeSpan.FromMilliseconds(20)); // 2 µs per change: 10,000 changes take 20 ms

        Assert.Equal(99, BatchesPerGroup(budget, Batch(100))); // 99 × 101 ≤ 10,000
    }

    [Fact]
    public void When_commits_slow_down_groups_shrink_to_what_commits_within_the_time_bound()
    {
        var budget = new GroupBudget(maxWeight: 10_000, maxCommitTime: TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < 30; i++)
            budget.Committed(1_000, TimeSpan.FromMilliseconds(100)); // 0.1 ms per change

        // About 1,000 changes fit in 100 ms now: 9 batches of 101, not 99.
        Assert.InRange(BatchesPerGroup(budget, Batch(100)), 9, 10);
    }

    [Fact]
    public void After_one_very_slow_commit_fast_commits_of_single_small_batches_bring_the_groups_back()
    {
        var budget = new GroupBudget(maxWeight: 10_000, maxCommitTime: TimeSpan.FromMilliseconds(100));
        budget.Committed(1_000, TimeSpan.FromSeconds(30)); // a lock held from outside
        Assert.Equal(1, BatchesPerGroup(budget, Batch(10)));

        for (var i = 0; i < 60; i++)
            budget.Committed(11, TimeSpan.FromMilliseconds(0.05));

        Assert.InRange(BatchesPerGroup(budget, Batch(10)), 900, 909); // the weight bound again: 909 × 11 ≤ 10,000
    }
}
