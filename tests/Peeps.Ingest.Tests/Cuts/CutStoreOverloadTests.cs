using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
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
        outbox.Attach(Sink.ForEach<WriteCommand>(_written.Enqueue).MapMaterializedValue(_ => Akka.NotUsed.Instance), Sys.Materializer());

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

    [Fact]
    public void Ack_rows_are_held_while_the_queue_is_full_and_written_in_order_once_it_drains()
    {
        var a = Connect(1, "worker-a", 100);
        var b = Connect(2, "worker-b", 200);
        var outbox = new StoreOutbox(1);
        var coordinator = Coordinator(outbox);
        coordinator.Tell(StartCut.Instance);
        ExpectMsg<CutStarted>();

        a.ExpectMsg<RequestCut>();
        a.LastSender.Tell(new CutAcknowledged(1, "cut:1", new StreamCursor("proc:100", 3)));
        b.ExpectMsg<RequestCut>();
        b.LastSender.Tell(new CutAcknowledged(2, "cut:1", new StreamCursor("proc:200", 4)));
        AwaitAssert(() =>
        {
            coordinator.Tell(new GetCut("cut:1"));
            Assert.Equal(2, ExpectMsg<CutStatus>().AckedConnections);
        });
        Assert.Equal(1, outbox.Count);

        Drain(outbox);

        AwaitAssert(() => Assert.Equal(3, _written.Count));
        Assert.IsType<CutRecorded>(_written.First());
        Assert.Equal([1L, 2L], _written.OfType<CutAckRecorded>().Select(r => r.ConnId));
    }

    [Fact]
    public void Ack_rows_held_when_the_coordinator_stops_are_still_written_once_the_queue_drains()
    {
        var a = Connect(1, "worker-a", 100);
        var outbox = new StoreOutbox(1);
        var coordinator = Coordinator(outbox);
        coordinator.Tell(StartCut.Instance);
        ExpectMsg<CutStarted>();
        a.ExpectMsg<RequestCut>();
        a.LastSender.Tell(new CutAcknowledged(1, "cut:1", new StreamCursor("proc:100", 3)));
        AwaitAssert(() => Assert.Equal(1, outbox.HeldCount));

        Watch(coordinator);
        Sys.Stop(coordinator);
        ExpectTerminated(coordinator);
        Drain(outbox);

        AwaitAssert(() => Assert.Equal([1L], _written.OfType<CutAckRecorded>().Select(r => r.ConnId)));
        Assert.Equal(0, outbox.HeldCount);
    }
}
