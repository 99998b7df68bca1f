using Peeps.Simulator.Model;
using Peeps.Simulator.Runtime;

namespace Peeps.Simulator.Tests;

public sealed class ChangeLogTests
{
    private static readonly ClientLimits Small = new() { HistoryLimit = 100, CompactTo = 20 };

    private static Entity EntityNamed(string id, string name) => new(id, 1, "src/a.rs:1", name, FutureBody.Instance, null);

    private static Event EventOn(string id) => new("ev" + id, 1, "src/a.rs:2", EventTarget.Entity(id), EventKind.StateChanged, null);

    [Fact]
    public void Pull_returns_at_most_the_batch_limit_and_flags_the_rest_as_truncated()
    {
        var log = new ChangeLog(new ClientLimits());
        for (var i = 0; i < 10; i++) log.Append(new UpsertEntityChange(EntityNamed($"e{i}", "f")));

        var first = log.Pull(0, 4);
        var rest = log.Pull(first.NextSeqNo, 100);

        Assert.Equal([0ul, 1, 2, 3], first.Changes.Select(c => c.SeqNo));
        Assert.True(first.Truncated);
        Assert.Equal(4ul, first.NextSeqNo);
        Assert.Equal(6, rest.Changes.Count);
        Assert.False(rest.Truncated);
        Assert.Equal(10ul, rest.NextSeqNo);
        Assert.Null(rest.CompactedBeforeSeqNo);
    }

    [Fact]
    public void Compaction_keeps_the_latest_change_per_key_and_every_event_within_the_compact_size()
    {
        var log = new ChangeLog(Small);
        for (var i = 0; i < 101; i++)
        {
            log.Append(i % 10 == 0 ? new AppendEventChange(EventOn($"{i}")) : new UpsertEntityChange(EntityNamed($"e{i % 3}", $"v{i}")));
        }

        var all = log.Pull(0, int.MaxValue);
        var entityChanges = all.Changes.Where(c => c.Change is UpsertEntityChange).ToList();

        Assert.Equal(14, log.RetainedCount);
        Assert.Equal(11, all.Changes.Count(c => c.Change is AppendEventChange));
        Assert.Equal(3, entityChanges.Count);
        Assert.Equal(["v97", "v98", "v99"], entityChanges.Select(c => ((UpsertEntityChange)c.Change).Entity.Name).Order());
        Assert.Equal(101ul, log.NextSeqNo);
    }

    [Fact]
    public void Compaction_drops_the_oldest_survivors_beyond_the_compact_size()
    {
        var log = new ChangeLog(Small);
        for (var i = 0; i < 101; i++) log.Append(new UpsertEntityChange(EntityNamed($"e{i}", "f")));

        var all = log.Pull(0, int.MaxValue);

        Assert.Equal(20, all.Changes.Count);
        Assert.Equal(81ul, all.Changes[0].SeqNo);
        Assert.Equal(81ul, log.CompactedBeforeSeqNo);
    }

    [Fact]
    public void A_pull_from_below_the_compaction_point_starts_above_the_cursor_and_says_where_history_was_cut()
    {
        var log = new ChangeLog(Small);
        for (var i = 0; i < 101; i++) log.Append(new UpsertEntityChange(EntityNamed($"e{i}", "f")));

        var fromZero = log.Pull(0, 5);
        var fromCurrent = log.Pull(90, 5);

        Assert.Equal(81ul, fromZero.FromSeqNo);
        Assert.Equal(81ul, fromZero.CompactedBeforeSeqNo);
        Assert.Equal(86ul, fromZero.NextSeqNo);
        Assert.Equal(90ul, fromCurrent.FromSeqNo);
        Assert.Null(fromCurrent.CompactedBeforeSeqNo);
    }

    [Fact]
    public void An_empty_pull_at_the_head_returns_the_same_cursor()
    {
        var log = new ChangeLog(new ClientLimits());
        log.Append(new RemoveEntityChange("x"));

        var pull = log.Pull(1, 10);

        Assert.Empty(pull.Changes);
        Assert.Equal(1ul, pull.NextSeqNo);
        Assert.False(pull.Truncated);
    }
}
