namespace Peeps.Storage.Retention;

/// <summary>
/// How much history the database keeps (<c>Peeps:Retention</c>). History is what the server only ever adds to:
/// <c>delta_batches</c>, <c>events</c> and stored snapshots. State (<c>entities</c>, <c>edges</c>, <c>scopes</c>,
/// links, cursors) is never touched while its connection is open; a closed connection's rows go as a whole once
/// it has been closed for <see cref="ClosedConnectionsAfter"/>.
/// </summary>
public sealed record RetentionSettings
{
    /// <summary>History older than this goes; <see cref="TimeSpan.Zero"/> turns the age policy off.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Pages in use in the database file (its size less its free pages); while above it, the oldest history goes
    /// whatever its age. 0 turns the size policy off. State rows are not counted out: if state alone is larger, the
    /// history is emptied and a warning logged.
    /// </summary>
    public long MaxBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>A connection closed for longer than this loses all its rows, state included; zero turns this off.</summary>
    public TimeSpan ClosedConnectionsAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How often a retention pass starts.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Rows one chunk deletes from each table at most. A chunk rides in one of the writer's group transactions, so
    /// this bounds how much one commit of ingest waits for deletion.
    /// </summary>
    public int ChunkRows { get; init; } = 500;

    /// <summary>Chunks one pass runs at most; what is left waits for the next pass.</summary>
    public int MaxChunksPerPass { get; init; } = 200;

    /// <summary>How long a pass waits for one chunk to be committed before giving up until the next pass.</summary>
    public TimeSpan ChunkTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool AgeEnabled => MaxAge > TimeSpan.Zero;

    public bool SizeEnabled => MaxBytes > 0;

    public bool ClosedConnectionsEnabled => ClosedConnectionsAfter > TimeSpan.Zero;
}
