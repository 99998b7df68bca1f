namespace Peeps.Storage;

/// <summary>Where the database lives and how long a connection waits for a lock held by another process.</summary>
public sealed record StorageSettings
{
    /// <summary>The reference server's default file name, in the working directory.</summary>
    public string DatabasePath { get; init; } = "peeps-web.sqlite";

    /// <summary>
    /// Only another process (a backup tool, a second server by mistake) can hold the write lock,
    /// since this process writes through one connection; waiting beats failing a group.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The file is a copy opened for offline analysis and is never written: no migration, no writer, and readers
    /// that leave nothing beside it (<see cref="Sqlite.StoreConnections"/>).
    /// </summary>
    public bool ReadOnly { get; init; }
}
