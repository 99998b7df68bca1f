using Akka.Actor;
using Akka.TestKit.Xunit2;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Cuts;
using Peeps.Ingest.Snapshots;

namespace Peeps.Ingest.Tests.Coordination;

[Collection(TimingCollection.Name)]
public sealed class CoordinatorDeadLettersTests : TestKit
{
    private sealed class Stopped : ReceiveActor;

    private IActorRef StoppedCoordinator()
    {
        var coordinator = Sys.ActorOf(Props.Create(() => new Stopped()));
        Watch(coordinator);
        Sys.Stop(coordinator);
        ExpectTerminated(coordinator);
        return coordinator;
    }

    /// <summary>A stopped coordinator whose dead letters the listener is known to hear (it subscribes as it starts).</summary>
    private IActorRef ListenedToStoppedCoordinator()
    {
        Sys.ActorOf(CoordinatorDeadLetters.Props(typeof(StartCut), typeof(GetCut), typeof(TakeSnapshot)));
        var coordinator = StoppedCoordinator();
        // A probe per attempt: an attempt's answer that comes after its wait lands in that probe, not in TestActor,
        // where a later ExpectNoMsg would take it for a reply to something else.
        AwaitAssert(() =>
        {
            var probe = CreateTestProbe();
            coordinator.Tell(StartCut.Instance, probe.Ref);
            probe.ExpectMsg<CoordinatorUnavailable>(TimeSpan.FromSeconds(1));
        }, TimeSpan.FromSeconds(10));
        return coordinator;
    }

    [Fact]
    public void Request_to_a_coordinator_that_has_stopped_is_answered_unavailable_at_once()
    {
        var coordinator = ListenedToStoppedCoordinator();

        var asker = CreateTestProbe();
        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(30)), asker.Ref);
        coordinator.Tell(new GetCut("cut:1"), asker.Ref);

        Assert.Contains("TakeSnapshot", asker.ExpectMsg<CoordinatorUnavailable>(TimeSpan.FromSeconds(1)).Reason, StringComparison.Ordinal);
        Assert.Contains("GetCut", asker.ExpectMsg<CoordinatorUnavailable>(TimeSpan.FromSeconds(1)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_of_a_coordinator_that_has_stopped_ends_long_before_its_timeout()
    {
        var coordinator = ListenedToStoppedCoordinator();

        var answer = await coordinator.Ask<object>(new TakeSnapshot(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(12)).WaitAsync(TimeSpan.FromSeconds(3));

        Assert.IsType<CoordinatorUnavailable>(answer);
    }

    [Fact]
    public void Other_dead_letters_are_left_alone()
    {
        var coordinator = ListenedToStoppedCoordinator();

        coordinator.Tell("not a coordinator request", TestActor);

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }
}
