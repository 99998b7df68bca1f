namespace Peeps.Ingest.Tcp;

/// <summary>
/// Bytes read off ingest sockets and not yet committed (or, for control messages, not yet handed on), shared by
/// every connection. A connection reserves a whole frame's length when its header arrives and reads no further
/// until the reservation is granted, so a full budget pauses reading (backpressure to the senders' TCP windows)
/// instead of dropping anything. Reservations are granted in arrival order, so a large frame is not starved by
/// small ones. Reserving whole frames means every granted frame can be completed, so the budget cannot fill with
/// half frames that wait on each other.
/// </summary>
public sealed class IngestByteBudget(long capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<(long Bytes, TaskCompletionSource Granted)> _waiting = new();
    private long _held;

    public long Capacity => capacity;

    public long Held
    {
        get { lock (_gate) return _held; }
    }

    public Task AcquireAsync(long bytes)
    {
        lock (_gate)
        {
            if (_waiting.Count == 0 && _held + bytes <= capacity)
            {
                _held += bytes;
                return Task.CompletedTask;
            }
            var granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue((bytes, granted));
            return granted.Task;
        }
    }

    public void Release(long bytes)
    {
        if (bytes == 0) return;
        List<TaskCompletionSource> granted = [];
        lock (_gate)
        {
            _held -= bytes;
            while (_waiting.TryPeek(out var next) && _held + next.Bytes <= capacity)
            {
                _waiting.Dequeue();
                _held += next.Bytes;
                granted.Add(next.Granted);
            }
        }
        foreach (var waiter in granted) waiter.SetResult();
    }
}
