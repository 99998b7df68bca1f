using Peeps.Ingest.Snapshots;

namespace Peeps.Ingest.Tests.Snapshots;

public sealed class ReplyBudgetTests
{
    [Fact]
    public void Replies_are_kept_first_come_until_the_next_would_pass_the_budget_and_a_refused_one_takes_nothing()
    {
        var budget = new ReplyBudget(100);

        Assert.Null(budget.TryKeep(60));
        var refused = budget.TryKeep(41);
        Assert.Null(budget.TryKeep(40));

        Assert.NotNull(refused);
        Assert.Contains("41 bytes", refused);
        Assert.Contains("from 60 bytes", refused);
        Assert.Contains("Peeps:Snapshots:MaxReplyBytes (100)", refused);
        Assert.NotNull(budget.TryKeep(1));
    }

    [Fact]
    public void Sizes_past_two_gigabytes_are_summed_without_overflow()
    {
        var budget = new ReplyBudget(5L << 30);

        Assert.Null(budget.TryKeep(2L << 30));
        Assert.Null(budget.TryKeep(2L << 30));

        Assert.NotNull(budget.TryKeep(2L << 30));
    }
}
