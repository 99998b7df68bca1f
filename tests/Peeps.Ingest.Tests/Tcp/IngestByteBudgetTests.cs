using Peeps.Ingest.Tcp;

namespace Peeps.Ingest.Tests.Tcp;

/// <summary>
/// The global ingest budget: bounded by bytes, and by the time the writer needs to commit what it holds at the speed
/// its recent commits showed.
/// </summary>
public sealed class IngestByteBudgetTests
{
    private const long Capacity = 1_000_000;
    private const long Floor = 10_000;

    [Fact]
    public void Until_the_first_commit_the_byte_capacity_is_the_bound()
    {
        var budget = new IngestByteBudget(Capacity, TimeSpan.FromMilliseconds(500), Floor);

        Assert.Equal(Capacity, budget.Limit);
        Assert.True(budget.AcquireAsync(Capacity).IsCompleted);
        Assert.False(budget.AcquireAsync(1).IsCompleted);
    }

    [Fact]
    public void After_commits_it_holds_no_more_than_the_writer_commits_in_the_time_bound()
    {
        var budget = new IngestByteBudget(Capacity, TimeSpan.FromMilliseconds(500), Floor);
        // 100,000 bytes a second: half a second of work is 50,000 bytes.
        Assert.True(budget.AcquireAsync(10_000).IsCompleted);
        budget.Commit(10_000, TimeSpan.FromMilliseconds(100));

        Assert.Equal(50_000, budget.Limit);
        Assert.True(budget.AcquireAsync(50_000).IsCompleted);
        var beyond = budget.AcquireAsync(1);
        Assert.False(beyond.IsCompleted);

        budget.Release(1);
        Assert.True(beyond.IsCompleted);
    }

    [Fact]
    public void A_faster_writer_raises_the_bound_and_grants_who_waited()
    {
        var budget = new IngestByteBudget(Capacity, TimeSpan.FromMilliseconds(500), Floor);
        Assert.True(budget.AcquireAsync(20_000).IsCompleted);
        budget.Commit(10_000, TimeSpan.FromMilliseconds(100));
        var waiting = budget.AcquireAsync(45_000);
        Assert.False(waiting.IsCompleted);

        // Recent commits weigh most: about 220,000 bytes a second by now, a bound of about 110,000 bytes.
        budget.Commit(10_000, TimeSpan.FromMilliseconds(1));

        Assert.True(waiting.IsCompleted);
        Assert.True(budget.Limit > 100_000);
    }

    [Fact]
    public void A_slow_writer_never_bounds_it_below_the_floor_so_the_largest_frame_still_fits()
    {
        var budget = new IngestByteBudget(Capacity, TimeSpan.FromMilliseconds(500), Floor);
        Assert.True(budget.AcquireAsync(10).IsCompleted);
        budget.Commit(10, TimeSpan.FromSeconds(10));

        Assert.Equal(Floor, budget.Limit);
        Assert.True(budget.AcquireAsync(Floor).IsCompleted);
    }

    [Fact]
    public void Without_a_time_bound_commits_change_nothing()
    {
        var budget = new IngestByteBudget(Capacity, TimeSpan.Zero, Floor);
        Assert.True(budget.AcquireAsync(10_000).IsCompleted);
        budget.Commit(10_000, TimeSpan.FromSeconds(1));

        Assert.Equal(Capacity, budget.Limit);
        Assert.True(budget.AcquireAsync(Capacity).IsCompleted);
    }

    [Fact]
    public void Grants_stay_in_arrival_order_when_the_bound_shrinks()
    {
        var budget = new IngestByteBudget(Capacity, TimeSpan.FromMilliseconds(500), Floor);
        Assert.True(budget.AcquireAsync(Capacity).IsCompleted);
        var first = budget.AcquireAsync(40_000);
        var second = budget.AcquireAsync(5_000);

        // The bound falls to 50,000 bytes while 990,000 are still held.
        budget.Commit(10_000, TimeSpan.FromMilliseconds(100));
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        budget.Release(Capacity - 10_000 - 10_000);
        Assert.True(first.IsCompleted);
        Assert.False(second.IsCompleted);
    }
}
