using Peeps.Ingest.Cuts;

namespace Peeps.Ingest.Tests.Cuts;

public sealed class CutSnapshotScheduleTests
{
    [Theory]
    [InlineData(999, 10, false)]
    [InlineData(1000, 10, true)]
    [InlineData(1000, 1000, true)]
    public void With_few_retained_members_a_snapshot_is_due_every_interval(long events, long members, bool due) =>
        Assert.Equal(due, CutSnapshotSchedule.IsDue(events, members, snapshotEvery: 1000));

    [Theory]
    [InlineData(1000, 64_000, false)]
    [InlineData(63_999, 64_000, false)]
    [InlineData(64_000, 64_000, true)]
    public void With_more_retained_members_than_the_interval_a_snapshot_waits_for_as_many_events_as_it_writes(long events, long members, bool due) =>
        Assert.Equal(due, CutSnapshotSchedule.IsDue(events, members, snapshotEvery: 1000));
}
