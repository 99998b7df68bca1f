using Akka.Actor;
using Akka.Dispatch.SysMsg;
using Akka.TestKit;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Cuts;
using Peeps.Ingest.Tests.Coordination;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Tests.Cuts;

[Collection(TimingCollection.Name)]
public sealed class CutCoordinatorTests : CoordinatorTestKit
{
    private readonly CommitHighWaterMarks _committed = new();

    private IActorRef Coordinator(long startNumber = 0, CutSettings? settings = null, long lastConnIdOfEarlierRuns = 0) =>
        Sys.ActorOf(CutCoordinator.Props(Registry.Ref, Store, _committed, settings ?? new CutSettings(), startNumber, lastConnIdOfEarlierRuns));

    /// <summary>What the commit feed does when the writer passes connections' closes.</summary>
    private void CommitClose(IActorRef coordinator, params long[] connIds)
    {
        _committed.Closed(connIds);
        coordinator.Tell(CursorsCommitted.Instance);
    }

    private void StopAndAwait(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    /// <summary>What the commit feed does after each commit.</summary>
    private void Commit(IActorRef coordinator, params CommittedCursor[] cursors)
    {
        _committed.Advance(cursors);
        coordinator.Tell(CursorsCommitted.Instance);
    }

    private CutStarted Start(IActorRef coordinator)
    {
        coordinator.Tell(StartCut.Instance);
        return ExpectMsg<CutStarted>();
    }

    private CutStatus Status(IActorRef coordinator, string cutId)
    {
        coordinator.Tell(new GetCut(cutId));
        return ExpectMsg<CutStatus>();
    }

    private static void Ack(TestProbe connection, long connId, string streamId, ulong nextSeqNo)
    {
        var request = connection.ExpectMsg<RequestCut>();
        connection.LastSender.Tell(new CutAcknowledged(connId, request.CutId, new StreamCursor(streamId, nextSeqNo)));
    }

    private static CutMemberStatus Member(CutStatus status, long connId) => status.Members.Single(m => m.ConnId == connId);

    /// <summary>cut:1 with one member, conn 1, that acked <c>proc:100</c> at 10 and whose connection then stopped.</summary>
    private IActorRef CutWhoseOnlyMemberAckedAtTenAndLeft(CutSettings? settings = null)
    {
        var leaving = Connect(1, "leaving", 100);
        var coordinator = Coordinator(settings: settings);
        Start(coordinator);
        Ack(leaving, 1, "proc:100", 10);
        AwaitAssert(() => Assert.Equal(1, Status(coordinator, "cut:1").AckedConnections));
        StopAndAwait(leaving.Ref);
        return coordinator;
    }

    [Fact]
    public void Acked_connection_stays_pending_until_the_committed_cursor_reaches_the_ack()
    {
        var a = Connect(1, "worker-a", 100);
        var b = Connect(2, "worker-b", 200);
        var coordinator = Coordinator();

        var started = Start(coordinator);
        Assert.Equal(("cut:1", 2), (started.CutId, started.RequestedConnections));
        Ack(a, 1, "proc:100", 10);
        AwaitAssert(() => Assert.Equal(1, Status(coordinator, "cut:1").AckedConnections));
        var acked = Status(coordinator, "cut:1");
        Assert.Equal([1L, 2L], acked.PendingConnIds);
        Assert.Equal(CutMemberState.AwaitingCommit, Member(acked, 1).State);

        Commit(coordinator, new CommittedCursor(1, "proc:100", 9), new CommittedCursor(1, "other", 50), new CommittedCursor(3, "proc:100", 50));
        var behind = Status(coordinator, "cut:1");
        Assert.Equal([1L, 2L], behind.PendingConnIds);
        Assert.Equal(9UL, Member(behind, 1).CommittedNextSeqNo);

        Commit(coordinator, new CommittedCursor(1, "proc:100", 12));
        var committed = Status(coordinator, "cut:1");
        Assert.Equal([2L], committed.PendingConnIds);
        Assert.Equal((CutMemberState.Committed, 10UL, 12UL), (Member(committed, 1).State, Member(committed, 1).AckedNextSeqNo!.Value, Member(committed, 1).CommittedNextSeqNo!.Value));
        Assert.False(committed.Complete);
    }

    [Fact]
    public void Ack_at_a_cursor_already_committed_or_at_zero_completes_the_member_at_once()
    {
        var a = Connect(1, "worker-a", 100);
        var b = Connect(2, "idle", 200);
        var coordinator = Coordinator();
        Commit(coordinator, new CommittedCursor(1, "proc:100", 30));

        Start(coordinator);
        Ack(a, 1, "proc:100", 30);
        Ack(b, 2, "proc:200", 0);

        AwaitAssert(() => Assert.True(Status(coordinator, "cut:1").Complete));
        var status = Status(coordinator, "cut:1");
        Assert.Equal(2, status.AckedConnections);
        Assert.Empty(status.PendingConnIds);
    }

    [Fact]
    public void Connection_that_disconnects_before_acking_leaves_the_pending_set_at_once_without_counting_as_acked()
    {
        var a = Connect(1, "worker-a", 100);
        var leaving = Connect(2, "leaving", 200);
        var coordinator = Coordinator();

        Start(coordinator);
        leaving.ExpectMsg<RequestCut>();
        Sys.Stop(leaving.Ref);
        AwaitAssert(() => Assert.Equal([1L], Status(coordinator, "cut:1").PendingConnIds));

        var status = Status(coordinator, "cut:1");
        Assert.Equal(0, status.AckedConnections);
        Assert.Equal(CutMemberState.Disconnected, Member(status, 2).State);
        Ack(a, 1, "proc:100", 0);
        AwaitAssert(() => Assert.True(Status(coordinator, "cut:1").Complete));
    }

    [Fact]
    public void Acked_connection_that_disconnects_stays_pending_until_its_batches_before_the_ack_are_committed()
    {
        var coordinator = CutWhoseOnlyMemberAckedAtTenAndLeft();
        Commit(coordinator, new CommittedCursor(1, "proc:100", 6));
        var inFlight = Status(coordinator, "cut:1");
        Assert.Equal([1L], inFlight.PendingConnIds);
        Assert.Equal(CutMemberState.AwaitingCommit, Member(inFlight, 1).State);

        Commit(coordinator, new CommittedCursor(1, "proc:100", 10));

        AwaitAssert(() => Assert.True(Status(coordinator, "cut:1").Complete));
        var member = Member(Status(coordinator, "cut:1"), 1);
        Assert.Equal((CutMemberState.Committed, 10UL), (member.State, member.CommittedNextSeqNo!.Value));
    }

    [Fact]
    public void Acked_connection_that_disconnects_ends_disconnected_once_the_writer_has_passed_its_close()
    {
        var coordinator = CutWhoseOnlyMemberAckedAtTenAndLeft();
        Commit(coordinator, new CommittedCursor(1, "proc:100", 7));
        Assert.Equal([1L], Status(coordinator, "cut:1").PendingConnIds);

        CommitClose(coordinator, 1);

        AwaitAssert(() => Assert.True(Status(coordinator, "cut:1").Complete));
        var member = Member(Status(coordinator, "cut:1"), 1);
        Assert.Equal((CutMemberState.Disconnected, 10UL, 7UL), (member.State, member.AckedNextSeqNo!.Value, member.CommittedNextSeqNo!.Value));
    }

    [Fact]
    public void Acked_connection_that_disconnects_ends_disconnected_after_the_grace_period_when_nothing_more_is_committed()
    {
        // Long enough that a stalled machine still sees the member waiting out its grace before it lapses.
        var coordinator = CutWhoseOnlyMemberAckedAtTenAndLeft(new CutSettings { DisconnectGrace = TimeSpan.FromSeconds(2) });
        Assert.Equal(CutMemberState.AwaitingCommit, Member(Status(coordinator, "cut:1"), 1).State);

        AwaitAssert(() => Assert.True(Status(coordinator, "cut:1").Complete), TimeSpan.FromSeconds(10));
        Assert.Equal(CutMemberState.Disconnected, Member(Status(coordinator, "cut:1"), 1).State);
    }

    [Fact]
    public void Unreachable_connection_is_not_waited_for()
    {
        var stuck = Connect(1, "stuck", 100);
        var coordinator = Coordinator();

        Start(coordinator);
        stuck.ExpectMsg<RequestCut>();
        stuck.LastSender.Tell(new ClientUnreachable(1, "outbound queue is full"));

        AwaitAssert(() => Assert.True(Status(coordinator, "cut:1").Complete));
        Assert.Equal(CutMemberState.Unreachable, Member(Status(coordinator, "cut:1"), 1).State);
    }

    [Fact]
    public void Connection_whose_cluster_node_was_lost_ends_unreachable_not_disconnected()
    {
        var remote = Connect(1, "on-lost-node", 100);
        var coordinator = Coordinator();

        Start(coordinator);
        remote.ExpectMsg<RequestCut>();
        // What remote death watch delivers when the watched actor's node is removed from the cluster.
        ((IInternalActorRef)coordinator).SendSystemMessage(new DeathWatchNotification(remote.Ref, existenceConfirmed: false, addressTerminated: true));

        AwaitAssert(() => Assert.True(Status(coordinator, "cut:1").Complete));
        Assert.Equal(CutMemberState.Unreachable, Member(Status(coordinator, "cut:1"), 1).State);
    }

    [Fact]
    public void Cut_with_no_connections_is_complete_at_once()
    {
        var coordinator = Coordinator();
        Assert.Equal(0, Start(coordinator).RequestedConnections);
        var status = Status(coordinator, "cut:1");
        Assert.True(status.Complete);
        Assert.Empty(status.Members);
    }

    [Fact]
    public void Unknown_or_malformed_cut_ids_are_not_found()
    {
        var coordinator = Coordinator();
        Start(coordinator);
        foreach (var id in new[] { "cut:2", "cut:0", "cut:-1", "cut:1x", "cut:01", "cut:+1", "1", "" })
        {
            coordinator.Tell(new GetCut(id));
            ExpectMsg<CutNotFound>();
        }
    }

    [Fact]
    public void Cut_rows_and_its_acks_are_recorded_and_acks_for_other_cuts_are_not()
    {
        var a = Connect(1, "worker-a", 100);
        var coordinator = Coordinator();

        Start(coordinator);
        Ack(a, 1, "proc:100", 7);
        a.LastSender.Tell(new CutAcknowledged(1, "cut:99", new StreamCursor("proc:100", 8)));
        a.LastSender.Tell(new CutAcknowledged(1, "cut:1", new StreamCursor("proc:100", 9)));

        AwaitAssert(() => Assert.Single(RecordedOf<CutAckRecorded>()));
        Assert.Equal("cut:1", Assert.Single(RecordedOf<CutRecorded>()).CutId);
        var ack = Assert.Single(RecordedOf<CutAckRecorded>());
        Assert.Equal(("cut:1", 1L, 7UL), (ack.CutId, ack.ConnId, ack.Cursor.NextSeqNo));
    }

    [Fact]
    public void Ids_continue_above_the_stored_high_water_mark()
    {
        var coordinator = Coordinator(startNumber: 7);
        Assert.Equal("cut:8", Start(coordinator).CutId);
        Assert.Equal("cut:9", Start(coordinator).CutId);
    }

    [Fact]
    public void After_a_restart_earlier_cuts_are_readable_ids_continue_and_a_live_member_owing_its_ack_is_asked_again()
    {
        var a = Connect(1, "worker-a", 100);
        var b = Connect(2, "worker-b", 200);
        var coordinator = Coordinator();
        Start(coordinator);
        Ack(a, 1, "proc:100", 5);
        b.ExpectMsg<RequestCut>();
        Commit(coordinator, new CommittedCursor(1, "proc:100", 5));
        AwaitAssert(() => Assert.Equal([2L], Status(coordinator, "cut:1").PendingConnIds));
        StopAndAwait(coordinator);

        var restarted = Coordinator();
        Assert.Equal("cut:1", b.ExpectMsg<RequestCut>().CutId);
        var resumed = Status(restarted, "cut:1");
        Assert.Equal(1, resumed.AckedConnections);
        Assert.Equal((CutMemberState.Committed, 5UL), (Member(resumed, 1).State, Member(resumed, 1).CommittedNextSeqNo!.Value));
        Assert.Equal(CutMemberState.AwaitingAck, Member(resumed, 2).State);
        Assert.Equal("cut:2", Start(restarted).CutId);
        b.ExpectMsg<RequestCut>();

        b.Send(restarted, new CutAcknowledged(2, "cut:1", new StreamCursor("proc:200", 0)));
        AwaitAssert(() => Assert.True(Status(restarted, "cut:1").Complete));
        Assert.Equal(CutMemberState.Committed, Member(Status(restarted, "cut:1"), 2).State);
    }

    [Fact]
    public void After_a_restart_a_member_whose_node_did_not_answer_ends_unreachable_and_one_that_went_disconnected()
    {
        var onLostNode = Connect(1, "on-lost-node", 100);
        var gone = Connect(2, "gone", 200);
        var coordinator = Coordinator();
        Start(coordinator);
        onLostNode.ExpectMsg<RequestCut>();
        gone.ExpectMsg<RequestCut>();
        StopAndAwait(coordinator);
        // The recovered coordinator's list: neither is live, but conn 1 was last seen on a node that did not answer.
        Registry.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is ConnectionRegistry.GetLive) sender.Tell(new ConnectionRegistry.Live([]) { Unanswered = [1L] });
            return AutoPilot.KeepRunning;
        }));

        var restarted = Coordinator();

        AwaitAssert(() => Assert.True(Status(restarted, "cut:1").Complete));
        var status = Status(restarted, "cut:1");
        Assert.Equal((CutMemberState.Unreachable, CutMemberState.Disconnected), (Member(status, 1).State, Member(status, 2).State));
    }

    [Fact]
    public async Task After_a_restart_a_cut_started_before_the_recovery_query_is_answered_keeps_a_member_that_list_predates()
    {
        var a = Connect(1, "worker-a", 100);
        var coordinator = Coordinator();
        Start(coordinator);
        a.ExpectMsg<RequestCut>();
        StopAndAwait(coordinator);
        var late = CreateTestProbe("late");
        LiveConnection earlier = new(1, "worker-a", 100, 0, a.Ref), newcomer = new(2, "late", 200, 0, late.Ref);
        // The first query after this is the recovery's: it is held and answered last, with the list from before the newcomer.
        var recoveryQuery = new TaskCompletionSource<IActorRef>();
        Registry.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is ConnectionRegistry.GetLive && !recoveryQuery.TrySetResult(sender))
                sender.Tell(new ConnectionRegistry.Live([earlier, newcomer]));
            return AutoPilot.KeepRunning;
        }));

        var restarted = Coordinator();
        var recovering = await recoveryQuery.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("cut:2", Start(restarted).CutId);
        recovering.Tell(new ConnectionRegistry.Live([earlier]));

        Assert.Equal("cut:2", late.ExpectMsg<RequestCut>().CutId);
        AwaitAssert(() => Assert.Equal("cut:1", a.ExpectMsg<RequestCut>(TimeSpan.FromMilliseconds(100)).CutId));
        Assert.Equal(CutMemberState.AwaitingAck, Member(Status(restarted, "cut:2"), 2).State);
    }

    [Fact]
    public void After_a_restart_an_acked_member_still_live_keeps_waiting_for_its_commit()
    {
        var a = Connect(1, "worker-a", 100);
        var coordinator = Coordinator();
        Start(coordinator);
        Ack(a, 1, "proc:100", 20);
        AwaitAssert(() => Assert.Equal(1, Status(coordinator, "cut:1").AckedConnections));
        StopAndAwait(coordinator);

        var restarted = Coordinator();
        Assert.Equal(CutMemberState.AwaitingCommit, Member(Status(restarted, "cut:1"), 1).State);
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Commit(restarted, new CommittedCursor(1, "proc:100", 20));

        AwaitAssert(() => Assert.True(Status(restarted, "cut:1").Complete));
        Assert.Equal(CutMemberState.Committed, Member(Status(restarted, "cut:1"), 1).State);
    }

    [Fact]
    public void After_a_server_restart_members_of_the_earlier_run_end_disconnected_at_once()
    {
        var a = Connect(1, "worker-a", 100);
        var b = Connect(2, "worker-b", 200);
        var coordinator = Coordinator();
        Start(coordinator);
        Ack(a, 1, "proc:100", 20);
        b.ExpectMsg<RequestCut>();
        AwaitAssert(() => Assert.Equal(1, Status(coordinator, "cut:1").AckedConnections));
        StopAndAwait(coordinator);
        Forget(1);
        Forget(2);

        var restarted = Coordinator(lastConnIdOfEarlierRuns: 2);

        var status = Status(restarted, "cut:1");
        Assert.True(status.Complete);
        Assert.All(status.Members, m => Assert.Equal(CutMemberState.Disconnected, m.State));
        // The restart settled them, at no moment the server can name: no completion time rather than a wrong one.
        Assert.Null(status.CompletedAtNs);
    }

    [Fact]
    public void Coordinator_started_again_still_knows_streams_committed_before_it_stopped()
    {
        var a = Connect(1, "idle-worker", 100);
        var coordinator = Coordinator();
        Commit(coordinator, new CommittedCursor(1, "proc:100", 30));
        Watch(coordinator);
        Sys.Stop(coordinator);
        ExpectTerminated(coordinator);

        var restarted = Coordinator();
        var started = Start(restarted);
        Ack(a, 1, "proc:100", 30);

        AwaitAssert(() => Assert.True(Status(restarted, started.CutId).Complete));
        Assert.Equal((CutMemberState.Committed, 30UL), (Member(Status(restarted, started.CutId), 1).State, Member(Status(restarted, started.CutId), 1).CommittedNextSeqNo!.Value));
    }
}
