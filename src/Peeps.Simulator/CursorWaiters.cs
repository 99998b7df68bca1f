namespace Peeps.Simulator;

/// <summary>Tasks waiting for a sent cursor to reach a value; completed as the connection advances it.</summary>
internal sealed class CursorWaiters
{
    private readonly object _gate = new();
    private readonly List<(ulong Target, TaskCompletionSource Done)> _waiters = [];
    private ulong _cursor;

    public ulong Cursor
    {
        get { lock (_gate) return _cursor; }
    }

    public void Set(ulong cursor)
    {
        lock (_gate)
        {
            _cursor = cursor;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target > cursor) continue;
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    public Task WaitAsync(ulong target, CancellationToken cancellationToken)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_cursor >= target) return Task.CompletedTask;
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, done));
        }
        return done.Task.WaitAsync(cancellationToken);
    }
}
