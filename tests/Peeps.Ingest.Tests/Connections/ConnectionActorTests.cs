using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Akka.TestKit.Xunit2;
using Peeps.Ingest.Connections;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Tests.Connections;

public sealed class ConnectionActorTests : TestKit
{
    private readonly Channel<ServerMessage> _outbound = Channel.CreateBounded<ServerMessage>(4);

    private Akka.Actor.IActorRef Start(Channel<ServerMessage>? outbound = null, TimeSpan? snapshotReplySlack = null) =>
        Sys.ActorOf(ConnectionActor.Props(5, (outbound ?? _outbound).Writer, KillSwitches.Shared("test"), CreateTestProbe().Ref, TimeSpan.FromMinutes(1), snapshotReplySlack));

    [Fact]
    public void A_snapshot_request_reaches_the_client_and_its_reply_goes_back_to_the_asker()
    {
        var connection = Start();
        var asker = CreateTestProbe();

        connection.Tell(new RequestSnapshot(3, 5000), asker.Ref);
        AwaitCondition(() => _outbound.Reader.TryPeek(out _));
        Assert.True(_outbound.Reader.TryRead(out var sent));
        Assert.Equal(new SnapshotRequest(3, 5000), sent);

        connection.Tell(new FromClient(new SnapshotReply(3, 77, null)), TestActor);
        var replied = asker.ExpectMsg<SnapshotReplied>();
        Assert.Equal(5, replied.ConnId);
        Assert.Equal(77ul, replied.Reply.PtimeNowMs);
    }

    [Fact]
    public void A_snapshot_answered_in_time_leaves_no_unhandled_message_behind()
    {
        var unhandled = CreateTestProbe();
        Sys.EventStream.Subscribe(unhandled.Ref, typeof(UnhandledMessage));
        var connection = Start(snapshotReplySlack: TimeSpan.FromMilliseconds(50));
        var asker = CreateTestProbe();

        connection.Tell(new RequestSnapshot(3, 1000), asker.Ref);
        AwaitCondition(() => _outbound.Reader.TryRead(out _));
        connection.Tell(new FromClient(new SnapshotReply(3, 77, null)), TestActor);
        asker.ExpectMsg<SnapshotReplied>();

        // Past the request's timeout and slack, when the asker would have been forgotten had no reply come.
        unhandled.ExpectNoMsg(TimeSpan.FromMilliseconds(1500));
    }

    [Fact]
    public void A_reply_later_than_the_timeout_and_its_slack_is_not_passed_on()
    {
        var connection = Start(snapshotReplySlack: TimeSpan.FromMilliseconds(50));
        var asker = CreateTestProbe();

        connection.Tell(new RequestSnapshot(4, 0), asker.Ref);
        AwaitCondition(() => _outbound.Reader.TryRead(out _));
        // Well past the 50 ms slack, so the asker has been forgotten even on a loaded machine.
        Thread.Sleep(1000);
        connection.Tell(new FromClient(new SnapshotReply(4, 77, null)), TestActor);

        asker.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_full_outbound_queue_answers_unreachable_at_once()
    {
        var connection = Start();
        var asker = CreateTestProbe();

        for (var i = 0; i < 4; i++) connection.Tell(new RequestCut($"cut:{i}"), asker.Ref);
        connection.Tell(new RequestCut("cut:overflow"), asker.Ref);

        Assert.Equal(5, asker.ExpectMsg<ClientUnreachable>().ConnId);
    }

    [Fact]
    public void A_client_that_never_acks_holds_a_bounded_number_of_pending_cuts()
    {
        var connection = Start(Channel.CreateBounded<ServerMessage>(1024));
        var asker = CreateTestProbe();

        for (var i = 0; i <= 256; i++) connection.Tell(new RequestCut($"cut:{i}"), asker.Ref);
        connection.Tell(new FromClient(new CutAck("cut:0", new StreamCursor("proc:1", 1))), TestActor);
        connection.Tell(new FromClient(new CutAck("cut:256", new StreamCursor("proc:1", 9))), TestActor);

        Assert.Equal("cut:256", asker.ExpectMsg<CutAcknowledged>().CutId);
        asker.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
