namespace Peeps.Ingest.Snapshots;

/// <summary>Knobs of <c>POST /api/snapshot</c>.</summary>
public sealed record SnapshotSettings
{
    /// <summary>How long a snapshot waits for replies when the request names no timeout; the reference's fixed value.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest timeout a request may ask for; each waiting request holds an HTTP connection.</summary>
    public TimeSpan MaxTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Snapshots being taken at once through <c>POST /api/snapshot</c>; one more is answered 503 at once. Each holds
    /// every runtime's reply (up to a frame each) until it is answered.
    /// </summary>
    public int MaxInFlight { get; init; } = 4;

    /// <summary>
    /// Snapshot bytes one snapshot holds from its replies while it waits for the rest. A reply that would take the
    /// total past this is not kept: the answer lists its process under <c>too_large_processes</c> with the reason.
    /// With <see cref="MaxInFlight"/> this bounds what snapshots hold in all (the answer is built from the kept
    /// replies, so it stays near this size too).
    /// </summary>
    public long MaxReplyBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>How long a snapshot waits for the connection registry's list.</summary>
    public TimeSpan RegistryTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Journal entries of reserved ids kept before older ones are deleted (only the newest matters).</summary>
    public int JournalEntriesKept { get; init; } = 100;
}
