using Akka.Actor;
using Akka.TestKit.Xunit2;
using Peeps.Ingest.Coordination;

namespace Peeps.Ingest.Tests.Coordination;

public sealed class CoordinatorSupervisorTests : TestKit
{
    /// <summary>Stands in for a persistent coordinator: answers with itself, and stops as Akka stops one whose journal write failed.</summary>
    private sealed class StoppingChild : ReceiveActor
    {
        public StoppingChild()
        {
            Receive<string>(text => text == "stop", _ => Context.Stop(Self));
            Receive<string>(_ => Sender.Tell(Self));
        }
    }

    [Fact]
    public void While_the_coordinator_is_down_every_request_is_answered_unavailable_and_then_it_is_started_again()
    {
        var settings = new CoordinationSettings { MinBackoff = TimeSpan.FromSeconds(3), MaxBackoff = TimeSpan.FromSeconds(6) };
        var supervisor = Sys.ActorOf(CoordinatorSupervisor.Props(Props.Create(() => new StoppingChild()), "test", settings));
        supervisor.Tell("who");
        var first = ExpectMsg<IActorRef>();
        Watch(first);

        supervisor.Tell("stop");
        ExpectTerminated(first);
        // The supervisor learns of the stop a moment after this test does; a request in that moment is lost.
        CoordinatorUnavailable? down = null;
        AwaitAssert(() =>
        {
            supervisor.Tell("who");
            down = ExpectMsg<CoordinatorUnavailable>(TimeSpan.FromMilliseconds(300));
        }, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));

        Assert.Contains("test coordinator is restarting after a journal failure", down!.Reason, StringComparison.Ordinal);
        AwaitAssert(() =>
        {
            supervisor.Tell("who");
            Assert.NotEqual(first, ExpectMsg<IActorRef>(TimeSpan.FromMilliseconds(500)));
        }, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(200));
    }
}
