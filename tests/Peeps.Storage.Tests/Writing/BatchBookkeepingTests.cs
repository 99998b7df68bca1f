using System.Text;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.Writing;

public sealed class BatchBookkeepingTests : IDisposable
{
    private readonly TempDatabase _db = new();

    [Fact]
    public void Batch_row_keeps_the_payload_verbatim_with_counts_flags_and_compaction()
    {
        var payload = """{"stream_id":"p","from_seq_no":5,"next_seq_no":9,"changes":[],"truncated":true,"compacted_before_seq_no":5}""";
        var batch = new DeltaBatch("p", 5, 9, [Entity(5, "a", "a"), Entity(6, "b", "b")], true, 5, Encoding.UTF8.GetBytes(payload));
        using (var writer = _db.OpenWriter())
            writer.Write([new DeltaBatchReceived(3, batch, 777)]);

        var row = Assert.Single(_db.Rows("""
            SELECT conn_id, stream_id, from_seq_no, next_seq_no, truncated, compacted_before_seq_no, change_count,
                   payload_json, received_at_ns FROM delta_batches
            """));
        Assert.Equal<object?>([3L, "p", 5L, 9L, 1L, 5L, 2L, payload, 777L], row);
    }

    [Fact]
    public void Batch_without_compaction_stores_null_and_untruncated_stores_zero()
    {
        using (var writer = _db.OpenWriter())
            writer.Write([Received(1, "p", 0, Entity(0, "a", "a"))]);

        Assert.Equal<object?>([0L, null], _db.Rows("SELECT truncated, compacted_before_seq_no FROM delta_batches").Single());
    }

    [Fact]
    public void Stream_cursor_holds_the_newest_next_seq_no_and_its_time()
    {
        using (var writer = _db.OpenWriter())
        {
            writer.Write([Received(1, "p", 0, Entity(0, "a", "a"))]);
            writer.Write([Received(1, "p", 1, Entity(1, "b", "b"), Entity(2, "c", "c"))]);
        }

        var row = Assert.Single(_db.Rows("SELECT conn_id, stream_id, next_seq_no, updated_at_ns FROM stream_cursors"));
        Assert.Equal<object?>([1L, "p", 3L, 1_001L], row);
    }

    [Fact]
    public void Empty_batch_advances_the_cursor()
    {
        using (var writer = _db.OpenWriter())
            writer.Write([new DeltaBatchReceived(1, Batch("p", 0, 12, []), 5)]);

        Assert.Equal(12L, _db.Scalar("SELECT next_seq_no FROM stream_cursors"));
    }

    public void Dispose() => _db.Dispose();
}
