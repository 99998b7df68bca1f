namespace Peeps.Simulator;

/// <summary>
/// One simulated runtime as the server sees it: a process plus its TCP connection. The counters let a test
/// or benchmark see where the connection is without reading the server.
/// </summary>
public sealed class SimulatedRuntime
{
    private readonly CursorWaiters _cursor = new();
    private readonly TaskCompletionSource _firstConnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _changesSent;
    private long _batchesSent;
    private long _connections;
    private long _cutAcks;
    private long _snapshotReplies;
    private volatile bool _connected;

    internal SimulatedRuntime(SimulatedProcess process) => Process = process;

    public SimulatedProcess Process { get; }
    public string Name => Process.Name;
    public uint Pid => Process.Pid;
    public string StreamId => Process.StreamId;
    public ProcessBehavior Behavior => Process.Behavior;

    public bool IsConnected => _connected;

    /// <summary>The <c>next_seq_no</c> of the last batch sent on the current connection; 0 after every (re)connect.</summary>
    public ulong Cursor => _cursor.Cursor;

    public ulong ChangesGenerated => Process.NextSeqNo;
    public long ChangesSent => Interlocked.Read(ref _changesSent);
    public long BatchesSent => Interlocked.Read(ref _batchesSent);
    public long Connections => Interlocked.Read(ref _connections);
    public long CutAcksSent => Interlocked.Read(ref _cutAcks);
    public long SnapshotRepliesSent => Interlocked.Read(ref _snapshotReplies);

    /// <summary>Completes once the current connection has sent every change below <paramref name="cursor"/>.</summary>
    public Task WaitForCursorAsync(ulong cursor, CancellationToken cancellationToken = default) =>
        _cursor.WaitAsync(cursor, cancellationToken);

    /// <summary>Completes once everything generated so far has been sent.</summary>
    public Task WaitForAllSentAsync(CancellationToken cancellationToken = default) =>
        WaitForCursorAsync(ChangesGenerated, cancellationToken);

    public Task WaitForFirstConnectionAsync(CancellationToken cancellationToken = default) =>
        _firstConnect.Task.WaitAsync(cancellationToken);

    internal void OnConnected()
    {
        _cursor.Set(0);
        Interlocked.Increment(ref _connections);
        _connected = true;
        _firstConnect.TrySetResult();
    }

    internal void OnDisconnected() => _connected = false;

    internal void OnBatchSent(int changes, ulong nextSeqNo)
    {
        Interlocked.Add(ref _changesSent, changes);
        Interlocked.Increment(ref _batchesSent);
        _cursor.Set(nextSeqNo);
    }

    internal void OnCutAckSent() => Interlocked.Increment(ref _cutAcks);

    internal void OnSnapshotReplySent() => Interlocked.Increment(ref _snapshotReplies);
}
