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
    /// While the retained cuts hold more members than this, a snapshot waits for as many events as it has members.
    /// </summary>
    public int SnapshotEvery { get; init; } = 1_000;

    /// <summary>
    /// How long an acked member whose connection has gone stays pending while the batches it sent before its ack
    /// may still be on their way to the writer. It leaves earlier once its stream is committed up to the ack
    /// (<c>committed</c>) or the writer has passed its connection's close (<c>disconnected</c>).
    /// </summary>
    public TimeSpan DisconnectGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>cut_acks</c> rows held while the store's queue is full, written in order once it has room. They are held
    /// by the store's outbox, so a coordinator restart does not lose them. Past this many the oldest held row is
    /// dropped (and logged): only a writer stalled for long gets there.
    /// </summary>
    public int MaxHeldAckRows { get; init; } = 10_000;
}
