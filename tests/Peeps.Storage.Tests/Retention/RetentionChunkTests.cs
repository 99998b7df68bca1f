using Peeps.Storage.Retention;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.Retention;

public sealed class RetentionChunkTests : IDisposable
{
    private readonly TempDatabase _db = new();

    /// <summary>
    /// A batch received at <paramref name="atNs"/> upserting one of ten entities and appending one event, at sequence
    /// numbers <paramref name="seq"/> and the next; <paramref name="padding"/> goes into its stored payload only, so
    /// history grows with it and state does not.
    /// </summary>
    private static DeltaBatchReceived At(long connId, ulong seq, long atNs, string padding = "")
    {
        var entity = $"e{seq / 2 % 10}";
        Change[] changes = [Entity(seq, entity, "n"), Event(seq + 1, $"ev{seq}", seq, entity)];
        var payload = Utf8($$"""{"stream_id":"s","from_seq_no":{{seq}},"next_seq_no":{{seq + 2}},"changes":[],"pad":"{{padding}}"}""");
        return new(connId, new DeltaBatch("s", seq, seq + 2, changes, false, null, payload), atNs);
    }

    private static RetentionChunk ByAge(long cutoffNs, int chunkRows = 100, long? holdFromNs = null) =>
        new(cutoffNs, null, null, holdFromNs, chunkRows);

    private static RetentionOutcome Retain(SqliteStoreWriter writer, RetentionChunk chunk) =>
        writer.Write([chunk]).Retention ?? throw new InvalidOperationException("the report carries no retention outcome");

    [Fact]
    public void Age_cutoff_removes_older_batches_with_their_events_and_leaves_state_and_newer_history()
    {
        using var writer = _db.OpenWriter();
        writer.Write([new ConnectionOpened(1, 0), .. Enumerable.Range(0, 10).Select(i => At(1, (ulong)i * 2, 1_000 + i))]);

        var outcome = Retain(writer, ByAge(1_004));

        Assert.Equal(4, outcome.Removed["delta_batches"]);
        Assert.Equal(4, outcome.Removed["events"]);
        Assert.False(outcome.More);
        Assert.Equal(1_004, outcome.OldestHeldNs);
        Assert.Equal(6L, _db.Scalar("SELECT count(*) FROM delta_batches"));
        Assert.Equal(9L, _db.Scalar("SELECT MIN(seq_no) FROM events"));
        Assert.Equal(10L, _db.Scalar("SELECT count(*) FROM entities"));
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM connections"));
    }

    [Fact]
    public void A_chunk_deletes_at_most_its_rows_and_says_there_is_more()
    {
        using var writer = _db.OpenWriter();
        writer.Write([.. Enumerable.Range(0, 25).Select(i => At(1, (ulong)i * 2, 1_000 + i))]);

        var deleted = new List<long>();
        RetentionOutcome outcome;
        do
        {
            outcome = Retain(writer, ByAge(5_000, chunkRows: 10));
            deleted.Add(outcome.Removed.GetValueOrDefault("delta_batches"));
        }
        while (outcome.More);

        Assert.Equal([10, 10, 5], deleted);
        Assert.Equal(0L, _db.Scalar("SELECT count(*) FROM delta_batches"));
        Assert.Null(outcome.OldestHeldNs);
    }

    [Fact]
    public void Hold_keeps_history_from_its_instant_on_even_when_older_than_the_age_cutoff()
    {
        using var writer = _db.OpenWriter();
        writer.Write([.. Enumerable.Range(0, 10).Select(i => At(1, (ulong)i * 2, 1_000 + i))]);

        var outcome = Retain(writer, ByAge(5_000, holdFromNs: 1_003));

        Assert.Equal(3, outcome.Removed["delta_batches"]);
        Assert.Equal(1_003L, _db.Scalar("SELECT MIN(received_at_ns) FROM delta_batches"));
    }

    [Fact]
    public void Over_the_size_limit_the_oldest_history_goes_whatever_its_age_until_the_file_is_under_it()
    {
        using var writer = _db.OpenWriter();
        var payload = new string('x', 4_000);
        writer.Write([.. Enumerable.Range(0, 400).Select(i => At(1, (ulong)i * 2, 1_000 + i, payload))]);
        var limit = UsedBytes() / 2;

        RetentionOutcome outcome;
        var chunks = 0;
        do
        {
            outcome = Retain(writer, new RetentionChunk(null, limit, null, HoldFromNs: long.MinValue, ChunkRows: 20));
            chunks++;
        }
        while (outcome.More && chunks < 100);

        Assert.True(outcome.UsedBytes <= limit, $"{outcome.UsedBytes} bytes in use after {chunks} chunks, limit {limit}");
        Assert.False(outcome.SizeUnreachable);
        var oldest = (long)_db.Scalar("SELECT MIN(received_at_ns) FROM delta_batches")!;
        Assert.Equal(oldest, outcome.OldestHeldNs);
        // Oldest first: what is left is one unbroken run up to the newest batch.
        Assert.Equal(1_400L - oldest, _db.Scalar("SELECT count(*) FROM delta_batches"));
    }

    [Fact]
    public void Over_the_size_limit_large_rows_go_only_as_far_as_the_excess_not_a_whole_chunk_of_them()
    {
        using var writer = _db.OpenWriter();
        var payload = new string('x', 100_000);
        writer.Write([.. Enumerable.Range(0, 100).Select(i => At(1, (ulong)i * 2, 1_000 + i, payload))]);
        // Room for all but about 30 of the 100 large batches.
        var limit = UsedBytes() - 30 * 100_000;

        RetentionOutcome outcome;
        var chunks = 0;
        do
        {
            outcome = Retain(writer, new RetentionChunk(null, limit, null, HoldFromNs: long.MinValue, ChunkRows: 500));
            chunks++;
        }
        while (outcome.More && chunks < 100);

        Assert.True(outcome.UsedBytes <= limit, $"{outcome.UsedBytes} bytes in use after {chunks} chunks, limit {limit}");
        var left = (long)_db.Scalar("SELECT count(*) FROM delta_batches")!;
        // A whole chunk (500 rows) would have taken all 100; the excess takes about 30, and a step's overshoot a few more.
        Assert.InRange(left, 55L, 71L);
    }

    [Fact]
    public void State_alone_over_the_size_limit_is_reported_rather_than_deleted()
    {
        using var writer = _db.OpenWriter();
        writer.Write([Received(1, "s", 0, Entity(0, "big", new string('x', 100_000)))]);
        Retain(writer, ByAge(5_000));

        var outcome = Retain(writer, new RetentionChunk(null, 1024, null, null, 20));

        Assert.True(outcome.SizeUnreachable);
        Assert.False(outcome.More);
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM entities"));
    }

    [Fact]
    public void Freed_pages_are_reused_so_the_file_stops_growing_under_steady_ingest_and_retention()
    {
        using var writer = _db.OpenWriter();
        using var checkpointer = new WalCheckpointer(_db.Options);
        var payload = new string('y', 2_000);
        var sizes = new List<long>();
        for (var round = 0; round < 30; round++)
        {
            var start = round * 100;
            writer.Write([.. Enumerable.Range(start, 100).Select(i => At(1, (ulong)i * 2, 1_000 + i, payload))]);
            // Keep the newest 200 batches by age, as a sustained load past the age limit would.
            while (Retain(writer, ByAge(1_000 + start + 100 - 200, chunkRows: 50)).More) { }
            checkpointer.Checkpoint();
            sizes.Add(FileBytes());
        }

        // The file reaches its plateau within a few rounds and then stays within 10 % of it.
        var plateau = sizes[5];
        Assert.All(sizes.Skip(5), size => Assert.InRange(size, plateau * 9 / 10, plateau * 11 / 10));
    }

    [Fact]
    public void A_table_can_keep_rows_older_than_the_cutoff()
    {
        using var writer = _db.OpenWriter(plan: RetentionPlan.Default.WithHistory(
            new HistoryTable("delta_batches", "received_at_ns", "id") { EventsFollow = true, Keep = "conn_id = 2 AND received_at_ns >= ?1 - 5" }));
        writer.Write([.. Enumerable.Range(0, 10).SelectMany(i => new[] { At(1, (ulong)i * 2, 1_000 + i), At(2, (ulong)i * 2, 1_000 + i) })]);

        var outcome = Retain(writer, ByAge(1_010));

        Assert.Equal(15, outcome.Removed["delta_batches"]);
        Assert.Equal<object?>([2L, 1_005L], _db.Rows("SELECT DISTINCT conn_id, MIN(received_at_ns) FROM delta_batches").Single());
    }

    [Fact]
    public void Stored_snapshots_older_than_the_cutoff_go()
    {
        using var writer = _db.OpenWriter();
        writer.Write([.. Enumerable.Range(1, 5).Select(i =>
            new SnapshotRecorded(i, 900 + i, 1_000 + i, 5_000, 0, 0, 0, Utf8("""{"processes":[]}""")))]);

        var outcome = Retain(writer, ByAge(1_004));

        Assert.Equal(3, outcome.Removed["snapshots"]);
        Assert.Equal<object?>([4L, 5L], _db.Rows("SELECT snapshot_id FROM snapshots ORDER BY 1").Select(r => r[0]));
    }

    [Fact]
    public void A_connection_closed_before_the_limit_loses_every_row_and_its_own_row_last_while_open_ones_keep_theirs()
    {
        using var writer = _db.OpenWriter();
        writer.Write([
            new ConnectionOpened(1, 10), new ConnectionOpened(2, 10),
            .. Enumerable.Range(0, 30).Select(i => At(1, (ulong)i * 2, 1_000 + i)),
            At(2, 0, 1_000),
            new ConnectionClosed(1, 2_000),
        ]);
        var chunk = new RetentionChunk(null, null, ClosedBeforeNs: 3_000, null, ChunkRows: 40);

        var first = Retain(writer, chunk);

        Assert.True(first.More);
        Assert.Equal(2L, _db.Scalar("SELECT count(*) FROM connections"));
        while (Retain(writer, chunk).More) { }
        Assert.Equal<object?>([2L], _db.Rows("SELECT conn_id FROM connections").Select(r => r[0]));
        foreach (var table in RetentionPlan.Default.ConnectionTables)
            Assert.Equal(0L, _db.Scalar($"SELECT count(*) FROM {table} WHERE conn_id = 1"));
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM entities WHERE conn_id = 2"));
    }

    [Fact]
    public void A_connection_closed_after_the_hold_is_kept()
    {
        using var writer = _db.OpenWriter();
        writer.Write([new ConnectionOpened(1, 10), At(1, 0, 1_000), new ConnectionClosed(1, 2_000)]);

        Retain(writer, new RetentionChunk(null, null, ClosedBeforeNs: 3_000, HoldFromNs: 1_500, ChunkRows: 40));

        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM connections"));
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM entities"));
    }

    [Fact]
    public void A_chunk_commits_in_the_same_group_as_ingest()
    {
        using var writer = _db.OpenWriter();
        writer.Write([At(1, 0, 1_000)]);

        var report = writer.Write([At(1, 2, 9_000), ByAge(5_000), At(1, 4, 9_001)]);

        Assert.Equal(2, report.Batches);
        Assert.Equal(1, report.Retention!.Removed["delta_batches"]);
        Assert.Equal(2L, _db.Scalar("SELECT count(*) FROM delta_batches"));
    }

    private long UsedBytes() =>
        ((long)_db.Scalar("PRAGMA page_count")! - (long)_db.Scalar("PRAGMA freelist_count")!) * (long)_db.Scalar("PRAGMA page_size")!;

    private long FileBytes() => new FileInfo(_db.Options.DatabasePath).Length + WalBytes();

    private long WalBytes() => File.Exists(_db.Options.DatabasePath + "-wal") ? new FileInfo(_db.Options.DatabasePath + "-wal").Length : 0;

    public void Dispose() => _db.Dispose();
}
