using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.Writing;

public sealed class GroupCommitTests : IDisposable
{
    private readonly TempDatabase _db = new();

    [Fact]
    public void Many_batches_of_many_streams_commit_in_one_group_and_report_the_newest_cursor_per_stream()
    {
        var group = new List<WriteCommand>();
        for (ulong seq = 0; seq < 100; seq++)
        {
            group.Add(Received(1, "p1", seq, Entity(seq, $"e{seq}", "x")));
            group.Add(Received(2, "p2", seq * 2, Edge(seq * 2, "a", $"b{seq}"), Event(seq * 2 + 1, $"ev{seq}", seq, "a")));
        }
        using var writer = _db.OpenWriter();

        var report = writer.Write(group);

        Assert.Equal(200, report.Batches);
        Assert.Equal(300, report.Changes);
        Assert.Equal(200, report.Commands);
        Assert.Empty(report.Rejected);
        Assert.Equal(
            [new CommittedCursor(1, "p1", 100), new CommittedCursor(2, "p2", 200)],
            report.Cursors.OrderBy(c => c.ConnId));
        Assert.Equal(200L, _db.Scalar("SELECT count(*) FROM delta_batches"));
        Assert.Equal(100L, _db.Scalar("SELECT count(*) FROM events"));
    }

    [Fact]
    public void Empty_group_reports_nothing()
    {
        using var writer = _db.OpenWriter();

        var report = writer.Write([]);

        Assert.Equal((0, 0, 0), (report.Commands, report.Batches, report.Changes));
        Assert.Empty(report.Cursors);
    }

    [Fact]
    public void Failing_batch_leaves_nothing_of_itself_and_the_rest_of_the_group_commits()
    {
        // A sequence number beyond i64 cannot be stored; it fails after the batch's first change was written.
        var bad = new DeltaBatchReceived(1, Batch("p", 1, 3, [Entity(1, "bad-entity", "x"), Event(ulong.MaxValue, "ev", 1, "x")]), 2);
        using var writer = _db.OpenWriter();

        var report = writer.Write([Received(1, "p", 0, Entity(0, "good", "x")), bad, Received(2, "q", 0, Entity(0, "after", "x"))]);

        var rejected = Assert.Single(report.Rejected);
        Assert.Same(bad, rejected.Command);
        Assert.Equal(2, report.Batches);
        Assert.Equal([new CommittedCursor(1, "p", 1), new CommittedCursor(2, "q", 1)], report.Cursors.OrderBy(c => c.ConnId));
        Assert.Equal<object?>(["after", "good"], _db.Rows("SELECT entity_id FROM entities ORDER BY 1").Select(r => r[0]));
        Assert.Equal(2L, _db.Scalar("SELECT count(*) FROM delta_batches"));
        Assert.Equal(0L, _db.Scalar("SELECT count(*) FROM events"));
        Assert.Equal(1L, _db.Scalar("SELECT next_seq_no FROM stream_cursors WHERE stream_id = 'p'"));
    }

    [Fact]
    public void Writer_keeps_working_after_a_rejected_batch()
    {
        using var writer = _db.OpenWriter();
        writer.Write([new DeltaBatchReceived(1, Batch("p", 0, ulong.MaxValue, []), 1)]);

        var report = writer.Write([Received(1, "p", 0, Entity(0, "a", "x"))]);

        Assert.Empty(report.Rejected);
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM entities"));
    }

    [Fact]
    public void Commands_apply_in_order_within_a_group()
    {
        using var writer = _db.OpenWriter();

        writer.Write([
            Received(1, "p", 0, Entity(0, "a", "x")),
            Received(1, "p", 1, new RemoveEntity(1, "a")),
            Received(1, "p", 2, Entity(2, "a", "again")),
        ]);

        Assert.Equal("again", _db.Scalar("SELECT json_extract(entity_json, '$.name') FROM entities"));
    }

    [Fact]
    public void Committed_rows_are_visible_to_another_connection_right_after_write_returns()
    {
        using var writer = _db.OpenWriter();

        writer.Write([Received(1, "p", 0, Entity(0, "a", "x"))]);

        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM entities"));
    }

    public void Dispose() => _db.Dispose();
}
