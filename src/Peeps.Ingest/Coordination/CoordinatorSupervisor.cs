using Akka.Actor;
using Akka.Pattern;

namespace Peeps.Ingest.Coordination;

/// <summary>
/// Akka stops a persistent actor whose journal write fails, and a stopped coordinator would leave cuts and
/// snapshots unavailable until the server restarts. Each coordinator therefore runs under a backoff supervisor
/// that starts it again (it recovers from the journal), and that answers <see cref="CoordinatorUnavailable"/>
/// while it is down, so HTTP callers get a prompt 503 instead of waiting for their timeout.
/// </summary>
public static class CoordinatorSupervisor
{
    // Jitter keeps the cut and snapshot coordinators from hitting a recovering journal in lockstep.
    private const double RandomFactor = 0.2;

    // A journal can be down for long; the coordinator is worth starting again however often it fails.
    private const int RetryForever = -1;

    public static Props Props(Props coordinator, string coordinatorName, CoordinationSettings settings) =>
        BackoffSupervisor.Props(
            Backoff.OnStop(coordinator, coordinatorName, settings.MinBackoff, settings.MaxBackoff, RandomFactor, RetryForever)
                .WithReplyWhileStopped(new CoordinatorUnavailable(
                    $"the {coordinatorName} coordinator is restarting after a journal failure; try again shortly")));
}
