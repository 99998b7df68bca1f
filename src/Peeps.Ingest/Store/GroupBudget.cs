using Peeps.Storage.Writing;

namespace Peeps.Ingest.Store;

/// <summary>
/// Bounds a forming group by weight and by the time its commit is expected to take, whichever is reached first: a
/// command costs the larger of its share of <see cref="IngestSettings.MaxGroupWeight"/> and its estimated commit time's
/// share of <see cref="IngestSettings.MaxGroupCommitTime"/>, in millionths of <see cref="Limit"/>. The time per unit of
/// weight is learnt from the writer's own commits, so when commits slow down (a loaded machine, a large database) groups
/// shrink and a batch waits for at most about two commits of that length rather than for a fixed count of changes.
/// </summary>
internal sealed class GroupBudget(long maxWeight, TimeSpan maxCommitTime)
{
    public const long Limit = 1_000_000;

    // Milliseconds of commit per unit of weight, smoothed over recent commits; written by the writer thread, read by the
    // grouping stage. A start of 4 µs per change is what the writer costs on an idle machine.
    private double _msPerWeight = 0.004;

    public double MsPerWeight => Volatile.Read(ref _msPerWeight);

    public long Cost(WriteCommand command)
    {
        var weight = StorePipeline.Weight(command);
        var ofWeight = (double)weight / maxWeight;
        var ofTime = weight * MsPerWeight / maxCommitTime.TotalMilliseconds;
        return Math.Max(1, (long)Math.Ceiling(Math.Max(ofWeight, ofTime) * Limit));
    }

    /// <summary>
    /// Learns from every commit, small ones included: after one very slow commit (a lock held from outside, a stalled
    /// disk) groups shrink to single batches, and only their own fast commits can bring the estimate back down.
    /// </summary>
    public void Committed(long weight, TimeSpan duration)
    {
        if (weight < 1) return;
        var observed = duration.TotalMilliseconds / weight;
        Volatile.Write(ref _msPerWeight, 0.8 * MsPerWeight + 0.2 * observed);
    }
}
