using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Peeps.Ingest.Snapshots;
using Peeps.Ingest.Tracing;
using Peeps.Web.Api;

namespace Peeps.Web.Diagnosis;

/// <summary>
/// Asks the snapshot coordinator for a snapshot and answers once its row can be read back by id: a client that goes on
/// to read the id it was given (a GET, a diff, a wait-chain) must find it. The row is queued before the coordinator
/// answers and reaches SQLite a commit later; a store that is behind delays the answer by at most <c>Api:Actor</c>.
/// </summary>
public sealed class SnapshotTaker(
    IRequiredActor<SnapshotCoordinator> snapshots,
    SnapshotSettings settings,
    StoredSnapshots stored,
    ApiSettings timeouts)
{
    /// <param name="Reply">What the coordinator answered: <see cref="SnapshotTaken"/>, <see cref="SnapshotFailed"/> or <see cref="Ingest.Coordination.CoordinatorUnavailable"/>.</param>
    /// <param name="Stored">The snapshot's row was readable by id before this answer: false only when the store is far behind.</param>
    public sealed record Answer(object Reply, bool Stored);

    public async Task<Answer> TakeAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        // The collector answers by itself at the timeout; the Ask only guards against a coordinator that is gone.
        var askTimeout = timeout + settings.RegistryTimeout + timeouts.Actor;
        using var ask = PeepsTracing.Source.StartActivity("peeps.snapshot.ask", ActivityKind.Client);
        var reply = await snapshots.ActorRef.Ask<object>(new TakeSnapshot(timeout, ask?.Context ?? default), askTimeout, cancellation);
        ask?.SetTag(PeepsTracing.OutcomeTag, reply.GetType().Name);
        var readable = reply is SnapshotTaken taken && await stored.WaitUntilStoredAsync(taken.SnapshotId, timeouts.Actor, cancellation);
        return new Answer(reply, readable);
    }
}
