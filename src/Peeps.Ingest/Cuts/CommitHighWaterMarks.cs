using System.Collections.Concurrent;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Cuts;

/// <summary>
/// The newest committed cursor of each (connection, stream), and the connections whose close the writer has
/// passed, advanced from the commit feed. It lives outside the cut coordinator so that a coordinator started again
/// after a journal failure still knows what was committed before and while it was down; otherwise an idle
/// stream's ack could never be seen as committed.
/// </summary>
public sealed class CommitHighWaterMarks
{
    private readonly ConcurrentDictionary<(long ConnId, string StreamId), ulong> _newest = new();
    private readonly ConcurrentDictionary<long, bool> _closed = new();

    /// <summary>Called on the writer thread for every commit; cursors only ever move forward.</summary>
    public void Advance(IEnumerable<CommittedCursor> cursors)
    {
        foreach (var cursor in cursors)
            _newest.AddOrUpdate((cursor.ConnId, cursor.StreamId), cursor.NextSeqNo, (_, known) => Math.Max(known, cursor.NextSeqNo));
    }

    /// <summary>Called on the writer thread: these connections' closes passed the writer, after all their batches.</summary>
    public void Closed(IEnumerable<long> connIds)
    {
        foreach (var connId in connIds) _closed[connId] = true;
    }

    /// <summary>Applies one commit report: cursors first, so a close never looks committed ahead of its batches.</summary>
    public void Advance(CommitReport report)
    {
        Advance(report.Cursors);
        Closed(report.ClosedConnIds);
    }

    public ulong? Of(long connId, string streamId) => _newest.TryGetValue((connId, streamId), out var next) ? next : null;

    /// <summary>True once the writer has passed the connection's close: nothing more of it is on the way to SQL.</summary>
    public bool IsClosed(long connId) => _closed.ContainsKey(connId);

    public IReadOnlySet<long> ConnIds => _newest.Keys.Select(k => k.ConnId).Concat(_closed.Keys).ToHashSet();

    public void Forget(long connId)
    {
        foreach (var key in _newest.Keys.Where(k => k.ConnId == connId)) _newest.TryRemove(key, out _);
        _closed.TryRemove(connId, out _);
    }
}
