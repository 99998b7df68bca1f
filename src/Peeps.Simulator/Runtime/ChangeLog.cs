using Peeps.Simulator.Model;

namespace Peeps.Simulator.Runtime;

/// <summary>
/// A process's retained change history, addressed by sequence number. Like the Rust client it is bounded:
/// past <see cref="ClientLimits.HistoryLimit"/> it keeps the latest change per key plus every event, newest
/// <see cref="ClientLimits.CompactTo"/> of those, and remembers where history became incomplete.
/// Not thread-safe: the owning process serializes access.
/// </summary>
public sealed class ChangeLog(ClientLimits limits)
{
    private List<SequencedChange> _retained = [];

    public ulong NextSeqNo { get; private set; }

    /// <summary>Reading from below this cursor misses changes that compaction dropped; null until the first compaction.</summary>
    public ulong? CompactedBeforeSeqNo { get; private set; }

    public int RetainedCount => _retained.Count;

    public ulong Append(GraphChange change)
    {
        var seqNo = NextSeqNo++;
        _retained.Add(new SequencedChange(seqNo, change));
        if (_retained.Count > limits.HistoryLimit) Compact();
        return seqNo;
    }

    public PullResult Pull(ulong cursor, int maxChanges)
    {
        var start = FirstIndexAtOrAfter(cursor);
        var count = Math.Min(maxChanges, _retained.Count - start);
        var changes = _retained.GetRange(start, count);
        var truncated = start + count < _retained.Count;
        var next = truncated ? changes[^1].SeqNo + 1 : NextSeqNo;
        var compacted = CompactedBeforeSeqNo is { } before && cursor < before ? before : (ulong?)null;
        var from = compacted is null || changes.Count == 0 ? cursor : Math.Max(cursor, changes[0].SeqNo);
        return new PullResult(from, next, changes, truncated, compacted);
    }

    private int FirstIndexAtOrAfter(ulong seqNo)
    {
        int low = 0, high = _retained.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (_retained[mid].SeqNo < seqNo) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    private void Compact()
    {
        var latest = new Dictionary<string, int>();
        for (var i = 0; i < _retained.Count; i++)
        {
            if (_retained[i].Change.CompactionKey is { } key) latest[key] = i;
        }
        var survivors = new List<int>();
        for (var i = 0; i < _retained.Count; i++)
        {
            var key = _retained[i].Change.CompactionKey;
            if (key is null || latest[key] == i) survivors.Add(i);
        }
        var keep = new bool[_retained.Count];
        foreach (var index in survivors.Skip(Math.Max(0, survivors.Count - limits.CompactTo))) keep[index] = true;

        var kept = new List<SequencedChange>(Math.Min(survivors.Count, limits.CompactTo));
        ulong droppedBelow = 0;
        for (var i = 0; i < _retained.Count; i++)
        {
            if (keep[i]) kept.Add(_retained[i]);
            else droppedBelow = _retained[i].SeqNo + 1;
        }
        _retained = kept;
        CompactedBeforeSeqNo = Math.Max(CompactedBeforeSeqNo ?? 0, droppedBelow);
    }
}
