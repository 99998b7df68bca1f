using System.Text;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;

namespace Peeps.Storage.Tests.Writing;

public sealed class SnapshotHistoryTests : IDisposable
{
    private readonly TempDatabase _db = new();

    private static SnapshotRecorded Snapshot(long id, int bytes = 10) =>
        new(id, RequestedAtNs: id * 100, CompletedAtNs: id * 100 + 50, TimeoutMs: 5000, RequestedConnections: 3,
            Replied: 2, TimedOut: 1, ResultJson: Encoding.UTF8.GetBytes(new string('x', bytes)));

    private SqliteStoreWriter Writer(int maxSnapshots = 100, long maxBytes = 1_000_000) =>
        _db.OpenWriter(new WriterSettings
        {
            CacheSizeKiB = 2048,
            SnapshotRetention = new SnapshotRetentionSettings { MaxSnapshots = maxSnapshots, MaxBytes = maxBytes },
        });

    private List<object?> KeptIds() => _db.Rows("SELECT snapshot_id FROM snapshots ORDER BY 1").Select(r => r[0]).ToList();

    [Fact]
    public void Recorded_snapshot_stores_its_result_and_size()
    {
        using (var writer = Writer())
            writer.Write([new SnapshotRecorded(7, 100, 150, 5000, 3, 2, 1, Encoding.UTF8.GetBytes("""{"processes":[]}"""))]);

        Assert.Equal<object?>([7L, 100L, 150L, 5000L, 3L, 2L, 1L, """{"processes":[]}""", 16L], _db.Rows("""
            SELECT snapshot_id, requested_at_ns, completed_at_ns, timeout_ms, requested_connections, replied, timed_out,
                   result_json, result_bytes FROM snapshots
            """).Single());
    }

    [Fact]
    public void Only_the_newest_snapshots_up_to_the_count_are_kept()
    {
        using (var writer = Writer(maxSnapshots: 3))
            for (var id = 1; id <= 6; id++)
                writer.Write([Snapshot(id)]);

        Assert.Equal<object?>([4L, 5L, 6L], KeptIds());
    }

    [Fact]
    public void Oldest_snapshots_go_until_the_byte_budget_holds()
    {
        using (var writer = Writer(maxBytes: 250))
            writer.Write([Snapshot(1, 100), Snapshot(2, 100), Snapshot(3, 100), Snapshot(4, 100)]);

        Assert.Equal<object?>([3L, 4L], KeptIds());
    }

    [Fact]
    public void The_newest_snapshot_is_kept_even_when_it_alone_exceeds_the_budget()
    {
        using (var writer = Writer(maxBytes: 50))
            writer.Write([Snapshot(1, 10), Snapshot(2, 500)]);

        Assert.Equal<object?>([2L], KeptIds());
    }

    [Fact]
    public void Duplicate_snapshot_id_is_rejected_and_the_first_kept()
    {
        using var writer = Writer();
        writer.Write([Snapshot(1, 10)]);

        var report = writer.Write([Snapshot(1, 20)]);

        Assert.Single(report.Rejected);
        Assert.Equal(10L, _db.Scalar("SELECT result_bytes FROM snapshots"));
    }

    public void Dispose() => _db.Dispose();
}
