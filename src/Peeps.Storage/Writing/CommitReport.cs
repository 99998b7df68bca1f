namespace Peeps.Storage.Writing;

/// <summary>A stream's cursor as durably committed: every change below <paramref name="NextSeqNo"/> is visible to readers.</summary>
public sealed record CommittedCursor(long ConnId, string StreamId, ulong NextSeqNo);

/// <summary>
/// What one group commit wrote. <paramref name="Cursors"/> holds the newest cursor of each stream the group touched.
/// <paramref name="Commands"/>, <paramref name="Batches"/> and <paramref name="Changes"/> count what was applied;
/// anything refused is in <see cref="Rejected"/> instead.
/// </summary>
public sealed record CommitReport(IReadOnlyList<CommittedCursor> Cursors, int Commands, int Batches, int Changes, TimeSpan Duration)
{
    public IReadOnlyList<RejectedCommand> Rejected { get; init; } = [];

    /// <summary>
    /// Connections whose <see cref="ConnectionClosed"/> this group passed (applied or refused). A connection's close
    /// follows all its batches through the writer, so every batch it sent has been committed or refused by now.
    /// </summary>
    public IReadOnlyList<long> ClosedConnIds { get; init; } = [];

    /// <summary>
    /// Of <see cref="Changes"/>, those not written because a later change of the same group superseded them (the same
    /// row upserted again, or removed); 0 when the writer does not coalesce.
    /// </summary>
    public int CoalescedChanges { get; init; }

    /// <summary>What the group's <see cref="Retention.RetentionChunk"/> deleted; null when it held none.</summary>
    public Retention.RetentionOutcome? Retention { get; init; }
}
