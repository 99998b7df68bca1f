using Peeps.Storage.History;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Storage.Tests.History;

public sealed class GraphAtReaderTests : IDisposable
{
    private const long ConnId = 3;
    private const long Second = 1_000_000_000;
    private readonly TempDatabase _db = new();

    /// <summary>Writes <paramref name="count"/> random batches, batch i received at (i + 1) s; returns the batches.</summary>
    private List<DeltaBatch> WriteHistory(WriterSettings settings, int count, int seed = 7, int maxChanges = 8)
    {
        var history = new RandomHistory(seed);
        var batches = new List<DeltaBatch>();
        using var writer = _db.OpenWriter(settings);
        writer.Write([new ConnectionOpened(ConnId, 0)]);
        for (var i = 0; i < count; i++)
        {
            var batch = history.NextBatch(maxChanges);
            batches.Add(batch);
            writer.Write([new DeltaBatchReceived(ConnId, batch, (i + 1) * Second)]);
        }
        return batches;
    }

    private RebuiltStream RebuildAt(long atNs, int maxEvents = 5) =>
        Assert.Single(Assert.Single(new GraphAtReader(_db.Options, new CheckpointSettings { MaxEventsPerProcess = maxEvents })
            .Read(atNs, null, Deadline.None).Processes).Streams);

    [Fact]
    public void Rebuild_at_each_batch_boundary_equals_the_tables_as_they_were_then()
    {
        var history = new RandomHistory(11);
        using var writer = _db.OpenWriter(RandomHistory.Settings(everyBatches: 3));
        writer.Write([new ConnectionOpened(ConnId, 0)]);
        for (var i = 0; i < 30; i++)
        {
            writer.Write([new DeltaBatchReceived(ConnId, history.NextBatch(10), (i + 1) * Second)]);

            var rebuilt = RebuildAt((i + 1) * Second);
            Assert.Equal(RandomHistory.CanonicalTables(_db, ConnId, history.Stream, 5), RandomHistory.Canonical(rebuilt.State));
            // Half way to the next batch the state is still this batch's.
            Assert.Equal(rebuilt.LastBatchId, RebuildAt((i + 1) * Second + Second / 2).LastBatchId);
        }
    }

    [Fact]
    public void Checkpoints_bound_the_batches_a_rebuild_replays()
    {
        WriteHistory(RandomHistory.Settings(everyBatches: 4), count: 41);

        for (var i = 1; i <= 41; i++)
        {
            var rebuilt = RebuildAt(i * Second);
            Assert.Equal(StreamHistoryStatus.Held, rebuilt.Status);
            Assert.NotNull(rebuilt.CheckpointBatchId);
            Assert.InRange(rebuilt.ReplayedBatches, 0, 3);
        }
        Assert.Equal(11L, _db.Scalar("SELECT count(*) FROM stream_checkpoints")); // the first batch, then every 4th
    }

    [Fact]
    public void A_checkpoint_is_due_after_as_many_changes_as_the_state_holds_when_that_is_more_than_the_setting()
    {
        using (var writer = _db.OpenWriter(RandomHistory.Settings(everyBatches: 1_000, everyChanges: 10, maxEvents: 1_000)))
        {
            writer.Write([new ConnectionOpened(ConnId, 0)]);
            var history = new RandomHistory(3);
            for (var i = 0; i < 40; i++)
                writer.Write([new DeltaBatchReceived(ConnId, history.NextBatch(20), (i + 1) * Second)]);
        }
        var rows = _db.Rows("SELECT state_rows, batch_id FROM stream_checkpoints ORDER BY batch_id");
        var changes = _db.Rows("SELECT id, change_count FROM delta_batches ORDER BY id").ToDictionary(r => (long)r[0]!, r => (long)r[1]!);
        for (var i = 1; i < rows.Count; i++)
        {
            var since = changes.Where(c => c.Key > (long)rows[i - 1][1]! && c.Key <= (long)rows[i][1]!).Sum(c => c.Value);
            var sinceBeforeLast = since - changes[(long)rows[i][1]!];
            Assert.True(sinceBeforeLast < Math.Max(10, (long)rows[i - 1][0]!), "a checkpoint came later than it was due");
            Assert.True(since >= Math.Max(10, (long)rows[i - 1][0]!), "a checkpoint came before it was due");
        }
    }

    [Fact]
    public void Before_the_first_batch_the_process_is_connected_with_an_empty_state()
    {
        WriteHistory(RandomHistory.Settings(everyBatches: 4), count: 3);

        var rebuilt = RebuildAt(Second / 2);
        Assert.Equal(StreamHistoryStatus.NoBatchYet, rebuilt.Status);
        Assert.Equal(0, rebuilt.State.Rows);
    }

    [Fact]
    public void Processes_not_connected_at_the_instant_are_left_out_and_a_selector_narrows_to_one()
    {
        using (var writer = _db.OpenWriter(RandomHistory.Settings(everyBatches: 4)))
        {
            writer.Write([new ConnectionOpened(1, 0), new ConnectionIdentified(1, "alpha", 10), new ConnectionClosed(1, 5 * Second)]);
            writer.Write([new ConnectionOpened(2, 2 * Second), new ConnectionIdentified(2, "beta", 20)]);
        }
        var reader = new GraphAtReader(_db.Options, new CheckpointSettings());

        Assert.Equal([1L], reader.Read(Second, null, Deadline.None).Processes.Select(p => p.ConnId));
        Assert.Equal([1L, 2L], reader.Read(3 * Second, null, Deadline.None).Processes.Select(p => p.ConnId));
        Assert.Equal([2L], reader.Read(6 * Second, null, Deadline.None).Processes.Select(p => p.ConnId));
        Assert.Equal([2L], reader.Read(3 * Second, new ProcessSelector("beta"), Deadline.None).Processes.Select(p => p.ConnId));
        Assert.Equal([1L], reader.Read(3 * Second, new ProcessSelector("1"), Deadline.None).Processes.Select(p => p.ConnId));
    }

    [Fact]
    public void After_retention_keeps_the_boundary_checkpoint_rebuilds_after_it_are_unchanged_and_earlier_ones_say_not_held()
    {
        WriteHistory(RandomHistory.Settings(everyBatches: 5), count: 30);
        var before = Enumerable.Range(1, 30).Select(i => RandomHistory.Canonical(RebuildAt(i * Second).State)).ToList();

        var cutoff = 18 * Second + Second / 2;
        var boundary = Assert.Single(HistoryRetention.OldestNeeded(_db.Options, cutoff));
        Assert.Equal(16 * Second, boundary.CheckpointAtNs); // checkpoints at batches 1, 6, 11, 16, 21, 26
        _db.Execute($"DELETE FROM delta_batches WHERE id <= {boundary.CheckpointBatchId}");
        _db.Execute($"DELETE FROM stream_checkpoints WHERE batch_id < {boundary.CheckpointBatchId}");

        for (var i = 16; i <= 30; i++)
            Assert.Equal(before[i - 1], RandomHistory.Canonical(RebuildAt(i * Second).State));
        Assert.Equal(StreamHistoryStatus.NotHeld, RebuildAt(15 * Second).Status);
        Assert.Equal(StreamHistoryStatus.NotHeld, RebuildAt(Second / 2).Status);
    }

    [Fact]
    public void A_stream_written_before_checkpoints_existed_is_replayed_from_its_first_batch()
    {
        var batches = WriteHistory(RandomHistory.Settings(everyBatches: 4), count: 12);
        var expected = RandomHistory.Canonical(RebuildAt(12 * Second).State);
        _db.Execute("DELETE FROM stream_checkpoints");

        var rebuilt = RebuildAt(12 * Second);
        Assert.Null(rebuilt.CheckpointBatchId);
        Assert.Equal(batches.Count, rebuilt.ReplayedBatches);
        Assert.Equal(expected, RandomHistory.Canonical(rebuilt.State));
    }

    [Fact]
    public void A_rebuild_past_its_time_limit_stops_with_a_timeout()
    {
        WriteHistory(RandomHistory.Settings(everyBatches: 1_000), count: 20);

        var reader = new GraphAtReader(_db.Options, new CheckpointSettings());
        Assert.Throws<GraphAtTimeoutException>(() => reader.Read(20 * Second, null, new Deadline(TimeSpan.FromTicks(1))));
    }

    public void Dispose() => _db.Dispose();
}
