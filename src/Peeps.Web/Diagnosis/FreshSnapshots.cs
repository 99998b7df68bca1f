using Akka.Actor;
using Akka.Hosting;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Cuts;
using Peeps.Ingest.Snapshots;
using Peeps.Web.Api;

namespace Peeps.Web.Diagnosis;

/// <summary>
/// A consistent snapshot taken the way the console's "Take snapshot" takes one: a cut, a wait until every process
/// has caught up to it (or the wait runs out), then the snapshot. A cut that fails or does not complete does not stop
/// the snapshot; the outcome says so.
/// </summary>
public sealed class FreshSnapshots(
    IRequiredActor<CutCoordinator> cuts,
    SnapshotTaker snapshots,
    ApiSettings timeouts)
{
    private static readonly TimeSpan CutPoll = TimeSpan.FromMilliseconds(50);

    /// <param name="Stored">Its row was readable by id before the answer (<see cref="SnapshotTaker"/>).</param>
    public sealed record Taken(long SnapshotId, ReadOnlyMemory<byte> Json, string? CutId, bool CutComplete, bool Stored);

    public sealed record Failed(string Reason);

    public async Task<object> TakeAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        var (cutId, complete) = await CutAsync(timeout, cancellation);
        var (answer, readable) = await snapshots.TakeAsync(timeout, cancellation);
        return answer switch
        {
            SnapshotTaken taken => new Taken(taken.SnapshotId, taken.Json, cutId, complete, readable),
            SnapshotFailed failed => new Failed(failed.Reason),
            CoordinatorUnavailable down => new Failed(down.Reason),
            _ => throw new InvalidOperationException($"the snapshot coordinator answered {answer.GetType().Name}"),
        };
    }

    private async Task<(string? CutId, bool Complete)> CutAsync(TimeSpan wait, CancellationToken cancellation)
    {
        if (await cuts.ActorRef.Ask<object>(StartCut.Instance, timeouts.Actor, cancellation) is not CutStarted started)
            return (null, false);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var status = await cuts.ActorRef.Ask<object>(new GetCut(started.CutId), timeouts.Actor, cancellation);
            if (status is CutStatus { Complete: true }) return (started.CutId, true);
            if (status is not CutStatus || DateTime.UtcNow >= deadline) return (started.CutId, false);
            await Task.Delay(CutPoll, cancellation);
        }
    }
}
