using Peeps.Ingest.Snapshots;

namespace Peeps.Web.Api;

/// <summary>The slots of <see cref="SnapshotSettings.MaxInFlight"/>: a request that finds none free is refused, not queued.</summary>
public sealed class SnapshotsInFlight(SnapshotSettings settings)
{
    private readonly SemaphoreSlim _slots = new(settings.MaxInFlight);

    public int Limit => settings.MaxInFlight;

    /// <summary>A slot to dispose when the snapshot is answered, or null when all are taken.</summary>
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
