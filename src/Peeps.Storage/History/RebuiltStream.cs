namespace Peeps.Storage.History;

/// <summary>Whether a stream's state at an instant could be rebuilt from what the database holds.</summary>
public enum StreamHistoryStatus
{
    /// <summary>Rebuilt: the state after the stream's last batch received at or before the instant.</summary>
    Held,

    /// <summary>The stream had not sent a batch yet at the instant: its state was empty.</summary>
    NoBatchYet,

    /// <summary>Retention removed the history the instant needs (it is older than the stream's oldest checkpoint).</summary>
    NotHeld,
}

/// <summary>
/// One stream's state at an instant and how it was obtained: <see cref="CheckpointBatchId"/> is the checkpoint it
/// started from (null: from the stream's first batch), then <see cref="ReplayedBatches"/> batches were applied.
/// </summary>
public sealed record RebuiltStream(
    string StreamId,
    StreamHistoryStatus Status,
    StreamState State,
    long? LastBatchId,
    long? LastBatchAtNs,
    long? NextSeqNo,
    long? CheckpointBatchId,
    int ReplayedBatches,
    long ReplayedChanges);
