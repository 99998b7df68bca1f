namespace Peeps.Ingest.Cuts;

/// <summary>Knobs of the cut coordinator.</summary>
public sealed record CutSettings
{
    /// <summary>How long the coordinator waits for the connection registry's list when starting a cut.</summary>
    public TimeSpan RegistryTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often committed cursors of connections that have gone are forgotten.</summary>
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Cuts kept readable in memory; older ones answer 404 (their rows stay in the <c>cuts</c> table).</summary>
    public int MaxRetainedCuts { get; init; } = 10_000;

    /// <summary>
    /// Journal events between snapshots of the coordinator's state; once a snapshot is saved the events and older
    /// snapshots it covers are deleted, so the journal stays near this many events and recovery replays no more.
    /// </summary>
    public int SnapshotEvery { get; init; } = 1_000;
}
