namespace Peeps.Ingest.Tcp;

/// <summary>
/// Bytes read off ingest sockets and not yet committed (or, for control messages, not yet handed on), shared by
/// every connection. A connection reserves a whole frame's length when its header arrives and reads no further
/// until the reservation is granted, so a full budget pauses reading (backpressure to the senders' TCP windows)
/// instead of dropping anything. Reservations are granted in arrival order, so a large frame is not starved by
/// small ones. Reserving whole frames means every granted frame can be completed, so the budget cannot fill with
/// half frames that wait on each other.
/// </summary>
/// <remarks>
/// The budget is bounded by time as well as by bytes: with <paramref name="maxTime"/> set, it holds no more than the
/// writer commits in that long at the speed its recent commits showed (<see cref="Commit"/>), and never less than
/// <paramref name="floor"/>, so the largest frame still fits. Beyond saturation a byte bound alone lets the queue in
/// front of the writer grow to many seconds of work; bounded by time, what waits beyond it waits in the senders.
/// </remarks>
public sealed class IngestByteBudget(long capacity, TimeSpan maxTime = default, long floor = 0)
{
    private readonly Lock _gate = new();
    private readonly Queue<(long Bytes, TaskCompletionSource Granted)> _waiting = new();
    private long _held;

    // Recent commits' bytes and seconds, each decayed by the same factor per commit: their ratio is the writer's speed,
    // weighted towards large commits and recent ones.
    private double _committedBytes;
    private double _committedSeconds;

    public long Capacity => capacity;

    public long Held
    {
        get { lock (_gate) return _held; }
    }

    /// <summary>What may be held now: <see cref="Capacity"/>, or less while the writer's speed bounds it by time.</summary>
    public long Limit
    {
        get { lock (_gate) return CurrentLimit; }
    }

    private long CurrentLimit
    {
        get
        {
            if (maxTime <= TimeSpan.Zero || _committedSeconds <= 0) return capacity;
            var byTime = _committedBytes / _committedSeconds * maxTime.TotalSeconds;
            return (long)Math.Clamp(byTime, Math.Min(floor, capacity), capacity);
        }
    }

    public Task AcquireAsync(long bytes)
    {
        lock (_gate)
        {
            if (_waiting.Count == 0 && _held + bytes <= CurrentLimit)
            {
                _held += bytes;
                return Task.CompletedTask;
            }
            var granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue((bytes, granted));
            return granted.Task;
        }
    }

    public void Release(long bytes) => Update(bytes, TimeSpan.Zero);

    /// <summary>Gives back what a commit of <paramref name="bytes"/> that took <paramref name="duration"/> held, and learns the writer's speed from it.</summary>
    public void Commit(long bytes, TimeSpan duration) => Update(bytes, duration);

    private void Update(long bytes, TimeSpan committedIn)
    {
        if (bytes == 0) return;
        List<TaskCompletionSource> granted = [];
        lock (_gate)
        {
            _held -= bytes;
            if (committedIn > TimeSpan.Zero)
            {
                _committedBytes = _committedBytes * SpeedDecay + bytes;
                _committedSeconds = _committedSeconds * SpeedDecay + committedIn.TotalSeconds;
            }
            var limit = CurrentLimit;
            while (_waiting.TryPeek(out var next) && _held + next.Bytes <= limit)
            {
                _waiting.Dequeue();
                _held += next.Bytes;
                granted.Add(next.Granted);
            }
        }
        foreach (var waiter in granted) waiter.SetResult();
    }

    private const double SpeedDecay = 0.8;
}
