using System.Collections.Concurrent;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Akka.Streams.TestKit;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Store;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Tests.Coordination;

public sealed class StoreOutboxTests : TestKit
{
    private readonly ConcurrentQueue<WriteCommand> _written = new();

    private void Drain(StoreOutbox outbox) =>
        outbox.Attach(UnbundlingSink.Into(_written), Sys.Materializer());

    private static ConnectionOpened Row(long connId) => new(connId, 0);

    private long[] WrittenConnIds() => [.. _written.OfType<ConnectionOpened>().Select(r => r.ConnId)];

    [Fact]
    public void A_row_that_may_be_refused_is_refused_when_the_queue_is_full_but_a_held_row_waits_its_turn()
    {
        var outbox = new StoreOutbox(1);

        Assert.True(outbox.TryWrite(Row(1)));
        Assert.False(outbox.TryWrite(Row(2)));
        Assert.Null(outbox.Hold(Row(3)));
        Assert.Null(outbox.Hold(Row(4)));
        Assert.Equal(2, outbox.HeldCount);

        Drain(outbox);

        AwaitAssert(() => Assert.Equal([1L, 3L, 4L], WrittenConnIds()));
        Assert.Equal(0, outbox.HeldCount);
    }

    [Fact]
    public void Past_its_bound_the_oldest_held_row_is_given_back_as_lost()
    {
        var outbox = new StoreOutbox(1, maxHeld: 2);
        outbox.TryWrite(Row(1));

        Assert.Null(outbox.Hold(Row(2)));
        Assert.Null(outbox.Hold(Row(3)));
        var lost = outbox.Hold(Row(4));

        Assert.Equal(Row(2), lost);
        Drain(outbox);
        AwaitAssert(() => Assert.Equal([1L, 3L, 4L], WrittenConnIds()));
    }

    [Fact]
    public async Task Completing_moves_every_held_row_in_ahead_of_the_end_and_then_takes_no_more()
    {
        var outbox = new StoreOutbox(1);
        outbox.TryWrite(Row(1));
        outbox.Hold(Row(2));
        outbox.Hold(Row(3));

        var completing = outbox.CompleteAsync();
        Drain(outbox);
        await completing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1L, 2L, 3L], WrittenConnIds());
        Assert.Equal(Row(4), outbox.Hold(Row(4)));
        Assert.False(outbox.TryWrite(Row(5)));
    }

    [Fact]
    public void Rows_queued_while_the_store_is_busy_go_into_its_merge_as_few_elements_in_order()
    {
        const int rows = StoreOutbox.RowsPerElement + 44;
        var outbox = new StoreOutbox(rows);
        for (var i = 1; i <= rows; i++) Assert.True(outbox.TryWrite(Row(i)));
        var store = this.CreateManualSubscriberProbe<WriteCommand>();

        outbox.Attach(Sink.FromSubscriber(store), Sys.Materializer());
        var subscription = store.ExpectSubscription();
        // Nothing is asked for yet: the rows gather into one element until it is full, and the rest wait in the queue.
        AwaitCondition(() => outbox.Count <= rows - StoreOutbox.RowsPerElement, TimeSpan.FromSeconds(5));
        subscription.Request(1);
        var first = Assert.IsType<CommandBundle>(store.ExpectNext());
        var rest = new List<WriteCommand>();
        while (first.Commands.Count + rest.Count < rows)
        {
            subscription.Request(1);
            rest.AddRange(CommandBundle.Unpack(store.ExpectNext()));
        }

        Assert.Equal(StoreOutbox.RowsPerElement, first.Commands.Count);
        Assert.Equal(Enumerable.Range(1, rows).Select(i => (long)i),
            first.Commands.Concat(rest).Cast<ConnectionOpened>().Select(r => r.ConnId));
    }
}
