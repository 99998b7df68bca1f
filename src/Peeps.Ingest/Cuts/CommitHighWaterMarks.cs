using System.Collections.Concurrent;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Cuts;

/// <summary>
/// The newest committed cursor of each (connection, stream), advanced from the commit feed. It lives outside the
/// cut coordinator so that a coordinator started again after a journal failure still knows what was committed
/// before and while it was down; otherwise an idle stream's ack could never be seen as committed.
/// </summary>
public sealed class CommitHighWaterMarks
{
    private readonly ConcurrentDictionary<(long ConnId, string StreamId), ulong> _newest = new();

    /// <summary>Called on the writer thread for every commit; cursors only ever move forward.</summary>
    public void Advance(IEnumerable<CommittedCursor> cursors)
    {
        foreach (var cursor in cursors)
            _newest.AddOrUpdate((cursor.ConnId, cursor.StreamId), cursor.NextSeqNo, (_, known) => Math.Max(known, cursor.NextSeqNo));
    }

    public ulong? Of(long connId, string streamId) => _newest.TryGetValue((connId, streamId), out var next) ? next : null;

    public IReadOnlySet<long> ConnIds => _newest.Keys.Select(k => k.ConnId).ToHashSet();

    public void Forget(long connId)
    {
        foreach (var key in _newest.Keys.Where(k => k.ConnId == connId)) _newest.TryRemove(key, out _);
    }
}
