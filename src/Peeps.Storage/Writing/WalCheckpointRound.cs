namespace Peeps.Storage.Writing;

/// <summary>
/// One round of the background checkpointer: the copy made beside the writer, and, when the log had grown past its
/// bound, the second copy made between two commits (null otherwise) with how long it held the writer back.
/// </summary>
public sealed record WalCheckpointRound(WalCheckpoint Copy, TimeSpan CopyDuration, WalCheckpoint? BetweenCommits, TimeSpan HeldWriter)
{
    /// <summary>The round's last checkpoint: the log as it was left.</summary>
    public WalCheckpoint Last => BetweenCommits ?? Copy;
}
