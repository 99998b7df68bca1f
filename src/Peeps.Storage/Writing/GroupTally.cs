using Peeps.Storage.Retention;
using Peeps.Wire.Messages;

namespace Peeps.Storage.Writing;

/// <summary>Counts what a group applied and the newest cursor per stream, to build its <see cref="CommitReport"/>.</summary>
internal sealed class GroupTally
{
    private readonly Dictionary<(long ConnId, string StreamId), ulong> _cursors = [];
    private readonly List<RejectedCommand> _rejected = [];
    private readonly List<long> _closed = [];
    private int _commands;
    private int _batches;
    private int _changes;
    private int _coalesced;
    private RetentionOutcome? _retention;

    public void Applied(WriteCommand command)
    {
        _commands++;
        if (command is ConnectionClosed closed) _closed.Add(closed.ConnId);
        if (command is DeltaBatchReceived { Batch: DeltaBatch batch } received)
        {
            _batches++;
            _changes += batch.Changes.Count;
            _cursors[(received.ConnId, batch.StreamId)] = batch.NextSeqNo;
        }
    }

    /// <summary>Changes of the applied batches whose write a later change of the group made unnecessary.</summary>
    public void Coalesced(int changes) => _coalesced += changes;

    /// <summary>A group holds one retention chunk at most (the retention pass sends the next once this one is committed).</summary>
    public void Retained(RetentionOutcome outcome) => _retention = outcome;

    public void Rejected(WriteCommand command, string reason)
    {
        _rejected.Add(new RejectedCommand(command, reason));
        if (command is ConnectionClosed closed) _closed.Add(closed.ConnId);
    }

    public CommitReport Report(TimeSpan duration) =>
        new(_cursors.Select(c => new CommittedCursor(c.Key.ConnId, c.Key.StreamId, c.Value)).ToList(),
            _commands, _batches, _changes, duration)
        {
            Rejected = _rejected,
            ClosedConnIds = _closed,
            CoalescedChanges = _coalesced,
            Retention = _retention,
        };
}
