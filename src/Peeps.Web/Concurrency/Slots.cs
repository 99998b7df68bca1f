namespace Peeps.Web.Concurrency;

/// <summary>
/// A fixed number of slots for work that is refused, not queued, when none is free. Each bound gets its own subclass,
/// so it is a service of its own and a test can hold its slots.
/// </summary>
public abstract class Slots(int limit)
{
    private readonly SemaphoreSlim _slots = new(limit);

    public int Limit => limit;

    /// <summary>A slot to dispose when the work is done, or null when all are taken.</summary>
    public IDisposable? TryEnter() => _slots.Wait(0) ? new Slot(_slots) : null;

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
