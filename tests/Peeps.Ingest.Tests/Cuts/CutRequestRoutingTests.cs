using System.Threading.Channels;
using Akka.Streams;
using Akka.TestKit.Xunit2;
using Peeps.Ingest.Connections;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Tests.Cuts;

/// <summary>How a real connection actor routes a cut ack when a restarted cut coordinator asks again.</summary>
public sealed class CutRequestRoutingTests : TestKit
{
    private readonly Channel<ServerMessage> _outbound = Channel.CreateBounded<ServerMessage>(16);

    private Akka.Actor.IActorRef Start() =>
        Sys.ActorOf(ConnectionActor.Props(5, _outbound.Writer, KillSwitches.Shared("test"), CreateTestProbe().Ref, TimeSpan.FromMinutes(1)));

    private List<ServerMessage> SentToClient()
    {
        var sent = new List<ServerMessage>();
        while (_outbound.Reader.TryRead(out var message)) sent.Add(message);
        return sent;
    }

    [Fact]
    public void Ack_still_owed_goes_to_the_newest_asker_and_the_client_is_asked_only_once()
    {
        var connection = Start();
        var stopped = CreateTestProbe();
        var restarted = CreateTestProbe();

        connection.Tell(new RequestCut("cut:1"), stopped.Ref);
        connection.Tell(new RequestCut("cut:1"), restarted.Ref);
        connection.Tell(new FromClient(new CutAck("cut:1", new StreamCursor("proc:1", 4))), TestActor);

        Assert.Equal(4UL, restarted.ExpectMsg<CutAcknowledged>().Cursor.NextSeqNo);
        stopped.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal([new CutRequest("cut:1")], SentToClient());
    }

    [Fact]
    public void Ack_that_went_to_the_stopped_coordinator_is_asked_for_again_and_reaches_the_new_one()
    {
        var connection = Start();
        var stopped = CreateTestProbe();
        var restarted = CreateTestProbe();
        connection.Tell(new RequestCut("cut:1"), stopped.Ref);
        connection.Tell(new FromClient(new CutAck("cut:1", new StreamCursor("proc:1", 4))), TestActor);
        stopped.ExpectMsg<CutAcknowledged>();

        connection.Tell(new RequestCut("cut:1"), restarted.Ref);
        AwaitCondition(() => _outbound.Reader.Count == 2);
        connection.Tell(new FromClient(new CutAck("cut:1", new StreamCursor("proc:1", 6))), TestActor);

        Assert.Equal(6UL, restarted.ExpectMsg<CutAcknowledged>().Cursor.NextSeqNo);
        Assert.Equal([new CutRequest("cut:1"), new CutRequest("cut:1")], SentToClient());
    }
}
