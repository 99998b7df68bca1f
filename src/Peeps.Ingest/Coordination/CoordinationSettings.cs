namespace Peeps.Ingest.Coordination;

/// <summary>How the persistent coordinators ride out a failing journal, and how much they may queue for the store.</summary>
public sealed record CoordinationSettings
{
    /// <summary>Delay before a coordinator stopped by a journal failure is started again; doubles per consecutive failure.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between restarts while the journal keeps failing.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a journal write waits for the journal file's write lock before it fails (whole seconds, rounded up).
    /// Shorter than the HTTP handlers' actor timeout, so a caller hears "journal unavailable" rather than a timeout.
    /// </summary>
    public TimeSpan JournalLockTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Cut, ack and snapshot rows queued for the single writer (<see cref="StoreOutbox"/>). A handful per HTTP request,
    /// so it fills only while the writer is stalled; then new cuts and snapshots answer 503 and acks wait in the cut
    /// coordinator.
    /// </summary>
    public int StoreQueueCapacity { get; init; } = 1024;
}
