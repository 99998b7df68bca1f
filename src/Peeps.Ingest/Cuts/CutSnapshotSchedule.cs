namespace Peeps.Ingest.Cuts;

/// <summary>When the cut coordinator saves a snapshot of its state to the journal.</summary>
internal static class CutSnapshotSchedule
{
    /// <summary>
    /// Every <paramref name="snapshotEvery"/> events, but never after fewer events than the snapshot has members to
    /// write: a snapshot of many retained cuts and connections is large, and taking one every few cuts would make
    /// each cut's journal cost grow with the history instead of staying constant.
    /// </summary>
    public static bool IsDue(long eventsSinceSnapshot, long retainedMembers, int snapshotEvery) =>
        eventsSinceSnapshot >= Math.Max(snapshotEvery, retainedMembers);
}
