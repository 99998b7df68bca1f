namespace Peeps.Storage.History;

/// <summary>
/// When the writer stores a checkpoint of a stream's state, which bounds how much history a rebuild of the graph at
/// a past instant replays. A checkpoint is written at a stream's first batch, then once <see cref="EveryBatches"/>
/// batches or <see cref="EveryChanges"/> changes have arrived since the last one; the change threshold grows to the
/// size of the state itself, so a large graph is not rewritten more often than it changes (checkpoints then cost
/// about one write of each change, and a rebuild reads one checkpoint plus at most that many changes).
/// </summary>
public sealed record CheckpointSettings
{
    public int EveryBatches { get; init; } = 1_000;

    public int EveryChanges { get; init; } = 50_000;

    /// <summary>
    /// Events kept in a rebuilt process state (the newest by sequence number), as a runtime keeps only its recent
    /// events; the events table itself keeps them all.
    /// </summary>
    public int MaxEventsPerProcess { get; init; } = 1_000;
}
