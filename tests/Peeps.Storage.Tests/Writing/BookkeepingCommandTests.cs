using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Storage.Tests.Writing;

public sealed class BookkeepingCommandTests : IDisposable
{
    private readonly TempDatabase _db = new();

    [Fact]
    public void Opened_connection_is_unknown_with_pid_zero_until_identified_then_closed()
    {
        using var writer = _db.OpenWriter();
        writer.Write([new ConnectionOpened(5, 100)]);
        Assert.Equal<object?>([5L, "unknown-5", 0L, 100L, null],
            _db.Rows("SELECT conn_id, process_name, pid, connected_at_ns, disconnected_at_ns FROM connections").Single());

        writer.Write([new ConnectionIdentified(5, "worker-a", 12345), new ConnectionClosed(5, 200)]);

        Assert.Equal<object?>([5L, "worker-a", 12345L, 100L, 200L],
            _db.Rows("SELECT conn_id, process_name, pid, connected_at_ns, disconnected_at_ns FROM connections").Single());
    }

    [Fact]
    public void Reopening_an_existing_connection_id_is_rejected_and_keeps_the_old_row()
    {
        using var writer = _db.OpenWriter();
        writer.Write([new ConnectionOpened(5, 100), new ConnectionIdentified(5, "worker-a", 1)]);

        var report = writer.Write([new ConnectionOpened(5, 300)]);

        Assert.Single(report.Rejected);
        Assert.Equal("worker-a", _db.Scalar("SELECT process_name FROM connections"));
    }

    [Fact]
    public void Identifying_an_unknown_connection_is_rejected()
    {
        using var writer = _db.OpenWriter();

        var report = writer.Write([new ConnectionIdentified(9, "x", 1)]);

        Assert.Contains("9", Assert.Single(report.Rejected).Reason);
    }

    [Fact]
    public void Cut_and_its_acks_are_recorded_and_a_repeated_ack_replaces_the_first()
    {
        using var writer = _db.OpenWriter();

        writer.Write([
            new CutRecorded("cut:1", 10),
            new CutAckRecorded("cut:1", 1, new StreamCursor("proc:1", 40), 11),
            new CutAckRecorded("cut:1", 2, new StreamCursor("proc:2", 7), 12),
            new CutAckRecorded("cut:1", 1, new StreamCursor("proc:1", 42), 13),
        ]);

        Assert.Equal<object?>(["cut:1", 10L], _db.Rows("SELECT cut_id, requested_at_ns FROM cuts").Single());
        var acks = _db.Rows("SELECT cut_id, conn_id, stream_id, next_seq_no, received_at_ns FROM cut_acks ORDER BY conn_id");
        Assert.Equal(2, acks.Count);
        Assert.Equal<object?>(["cut:1", 1L, "proc:1", 42L, 13L], acks[0]);
        Assert.Equal<object?>(["cut:1", 2L, "proc:2", 7L, 12L], acks[1]);
    }

    public void Dispose() => _db.Dispose();
}
