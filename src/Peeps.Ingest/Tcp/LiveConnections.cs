using Akka.Streams;

namespace Peeps.Ingest.Tcp;

/// <summary>
/// The accepted connections whose closing row is not yet committed, with the switch that ends each one's inbound
/// side. A connection's <c>ConnectionClosed</c> is the last command it sends and the writer commits in order, so once
/// that row is committed, everything the connection had read off its socket is committed too: shutdown ends them all
/// and waits for exactly that.
/// </summary>
public sealed class LiveConnections
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, IKillSwitch> _open = [];
    private readonly TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _ending;

    public int Count
    {
        get { lock (_gate) return _open.Count; }
    }

    /// <summary>Call before the connection's flow runs, so its closing commit cannot come first.</summary>
    internal void Accepted(long connId, IKillSwitch inbound)
    {
        lock (_gate)
        {
            _open[connId] = inbound;
            // Accepted while the binding was closing: it gets no more than the others.
            if (_ending) inbound.Shutdown();
        }
    }

    /// <summary>Feed every commit here (its <c>ClosedConnIds</c>).</summary>
    public void Committed(IReadOnlyList<long> closedConnections)
    {
        if (closedConnections.Count == 0) return;
        lock (_gate)
        {
            foreach (var connId in closedConnections) _open.Remove(connId);
            if (_ending && _open.Count == 0) _allClosed.TrySetResult();
        }
    }

    /// <summary>
    /// Completes every connection's inbound side (what was read is still framed, decoded and written; the row is
    /// closed last) and returns a task that ends when each closing row is committed. Safe to call more than once.
    /// </summary>
    public Task EndAllAsync()
    {
        lock (_gate)
        {
            if (!_ending)
            {
                _ending = true;
                foreach (var inbound in _open.Values) inbound.Shutdown();
                if (_open.Count == 0) _allClosed.TrySetResult();
            }
        }
        return _allClosed.Task;
    }
}
