using Akka.Persistence;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Cuts;

/// <summary>The journal: applying events, keeping the retained cuts, and snapshots that compact the journal.</summary>
public sealed partial class CutCoordinator
{
    /// <summary>
    /// Applied before the journal write completes: these events only record what has already happened, and
    /// waiting for the write would hold back a cut's completion by a journal round trip. Applying one twice
    /// changes nothing, so a snapshot that already holds it may be followed by its replay.
    /// </summary>
    private void ApplyAndJournal(ICutJournalEvent evt)
    {
        switch (evt)
        {
            case CutAckedEvent acked: Apply(acked); PersistAsync(acked, _ => SnapshotWhenDue()); break;
            case CutMemberSettledEvent settled: Apply(settled); PersistAsync(settled, _ => SnapshotWhenDue()); break;
        }
    }

    private void Apply(CutRequestedEvent requested)
    {
        _lastNumber = Math.Max(_lastNumber, requested.Number);
        Track(new TrackedCut(requested));
    }

    private void Track(TrackedCut cut)
    {
        _cuts[cut.Number] = cut;
        _retainedMembers += cut.Members.Count;
        if (cut.HasPending) _open.Add(cut.Number);
        foreach (var member in cut.Members.Values.Where(m => m.Pending && m.Ack is not null))
            _awaitingCommit.Add((cut.Number, member.Member.ConnId));
        while (_cuts.Count > _settings.MaxRetainedCuts) Forget(_cuts.Keys.First());
    }

    private void Apply(CutAckedEvent acked)
    {
        if (_cuts.TryGetValue(acked.Number, out var cut) && cut.Members.TryGetValue(acked.ConnId, out var member))
        {
            member.Ack = new StreamCursor(acked.StreamId, acked.NextSeqNo);
            member.AckedAtNs = acked.ReceivedAtNs;
            if (member.Pending) _awaitingCommit.Add((acked.Number, acked.ConnId));
        }
    }

    private void Apply(CutMemberSettledEvent settled)
    {
        if (!_cuts.TryGetValue(settled.Number, out var cut) || !cut.Members.TryGetValue(settled.ConnId, out var member)) return;
        _memberSpans.End(settled.Number, settled.ConnId, settled.State.ToString(), failed: settled.State != CutMemberState.Committed);
        member.Settled = settled.State;
        member.SettledAtNs = settled.SettledAtNs;
        member.CommittedAtSettle = settled.CommittedNextSeqNo;
        _awaitingCommit.Remove((settled.Number, settled.ConnId));
        if (!cut.HasPending) _open.Remove(settled.Number);
    }

    private void Apply(CutWithdrawnEvent withdrawn) => Forget(withdrawn.Number);

    private void Forget(long number)
    {
        if (_cuts.Remove(number, out var cut))
        {
            _retainedMembers -= cut.Members.Count;
            _memberSpans.EndCut(number, cut.Members.Keys);
            foreach (var connId in cut.Members.Keys) _awaitingCommit.Remove((number, connId));
        }
        _open.Remove(number);
    }

    private void Restore(SnapshotOffer offer)
    {
        var saved = (CutJournalSnapshot)offer.Snapshot;
        _snapshotSequenceNr = offer.Metadata.SequenceNr;
        _lastNumber = Math.Max(_lastNumber, saved.LastNumber);
        foreach (var cut in saved.Cuts) Track(TrackedCut.Restore(cut));
    }

    /// <summary>
    /// Called once an event is journaled, when <see cref="Eventsourced.LastSequenceNr"/> covers every cut started so
    /// far (a cut is applied only once its event is written).
    /// </summary>
    private void SnapshotWhenDue()
    {
        if (_snapshotSaving || !CutSnapshotSchedule.IsDue(LastSequenceNr - _snapshotSequenceNr, _retainedMembers, _settings.SnapshotEvery)) return;
        _snapshotSaving = true;
        SaveSnapshot(new CutJournalSnapshot(_lastNumber, [.. _cuts.Values.Select(c => c.Save())]));
    }

    /// <summary>
    /// Recovery starts from the newest snapshot, so the events and snapshots before it are dead weight. A burst
    /// may have journaled another interval's worth while the snapshot was being saved: that is snapshotted at once
    /// rather than left waiting for the next event.
    /// </summary>
    private void Compact(long snapshotSequenceNr)
    {
        _snapshotSaving = false;
        _snapshotSequenceNr = snapshotSequenceNr;
        DeleteMessages(snapshotSequenceNr);
        DeleteSnapshots(new SnapshotSelectionCriteria(snapshotSequenceNr - 1));
        SnapshotWhenDue();
    }
}
