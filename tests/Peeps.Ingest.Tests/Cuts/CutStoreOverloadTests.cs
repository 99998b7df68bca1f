using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Cuts;
using Peeps.Ingest.Tests.Coordination;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Tests.Cuts;

/// <summary>The cut coordinator against a store queue that is full because nothing drains it yet.</summary>
[Collection(TimingCollection.Name)]
public sealed class CutStoreOverloadTests : CoordinatorTestKit
{
    private readonly ConcurrentQueue<WriteCommand> _written = new();

    private IActorRef Coordinator(StoreOutbox outbox) =>
        Sys.ActorOf(CutCoordinator.Props(Registry.Ref, outbox, new CommitHighWaterMarks(), new CutSettings(), 0));

    private void Drain(StoreOutbox outbox) =>
        outbox.Attach(UnbundlingSink.Into(_written), Sys.Materializer());

    [Fact]
    public void Cut_whose_row_cannot_be_queued_is_refused_as_overloaded_and_its_id_is_not_reused()
    {
        var outbox = new StoreOutbox(1);
        Assert.True(outbox.TryWrite(new ConnectionOpened(99, 0)));
        var coordinator = Coordinator(outbox);

        coordinator.Tell(StartCut.Instance);
        var refused = ExpectMsg<CutNotStarted>();
        coordinator.Tell(new GetCut("cut:1"));
        ExpectMsg<CutNotFound>();

        Drain(outbox);
        // The drain starts asynchronously: until it has taken the queued row the queue is still full.
        AwaitCondition(() => outbox.Count == 0);
        coordinator.Tell(StartCut.Instance);
        Assert.Equal("cut:2", ExpectMsg<CutStarted>().CutId);
        Assert.Equal(StoreOutbox.OverloadedReason, refused.Reason);
        AwaitAssert(() => Assert.Equal(["cut:2"], _written.OfType<CutRecorded>().Select(c => c.CutId)));
    }

    /// <summary>Starts cut:1 on a coordinator writing to a one-row outbox that nothing drains, and has every probe ack it.</summary>
    private (IActorRef Coordinator, StoreOutbox Outbox) CutAckedWhileTheQueueIsFull(params TestProbe[] members)
    {
        var outbox = new StoreOutbox(1);
        var coordinator = Coordinator(outbox);
        coordinator.Tell(StartCut.Instance);
        ExpectMsg<CutStarted>();
        for (var i = 0; i < members.Length; i++)
        {
            members[i].ExpectMsg<RequestCut>();
            members[i].LastSender.Tell(new CutAcknowledged(i + 1, "cut:1", new StreamCursor($"proc:{100 * (i + 1)}", (ulong)(3 + i))));
        }
        AwaitAssert(() => Assert.Equal(members.Length, outbox.HeldCount));
        return (coordinator, outbox);
    }

    [Fact]
    public void Ack_rows_are_held_while_the_queue_is_full_and_written_in_order_once_it_drains()
    {
        var (_, outbox) = CutAckedWhileTheQueueIsFull(Connect(1, "worker-a", 100), Connect(2, "worker-b", 200));
        Assert.Equal(1, outbox.Count);

        Drain(outbox);

        AwaitAssert(() => Assert.Equal(3, _written.Count));
        Assert.IsType<CutRecorded>(_written.First());
        Assert.Equal([1L, 2L], _written.OfType<CutAckRecorded>().Select(r => r.ConnId));
    }

    [Fact]
    public void Ack_rows_held_when_the_coordinator_stops_are_still_written_once_the_queue_drains()
    {
        var (coordinator, outbox) = CutAckedWhileTheQueueIsFull(Connect(1, "worker-a", 100));

        Watch(coordinator);
        Sys.Stop(coordinator);
        ExpectTerminated(coordinator);
        Drain(outbox);

        AwaitAssert(() => Assert.Equal([1L], _written.OfType<CutAckRecorded>().Select(r => r.ConnId)));
        Assert.Equal(0, outbox.HeldCount);
    }
}
