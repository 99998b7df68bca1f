using Microsoft.Data.Sqlite;

namespace Peeps.Storage.Sqlite;

/// <summary>Opens the two kinds of connection the store uses: the one writer and short-lived read-only readers.</summary>
internal static class StoreConnections
{
    public static SqliteConnection OpenReadWrite(StorageSettings options)
    {
        // The last line of defence of read-only mode: whatever component asks for a writer, the copy is not opened for one.
        if (options.ReadOnly)
            throw new InvalidOperationException($"the database '{options.DatabasePath}' is open read-only (Peeps:ReadOnly): nothing may write to it");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // A pooled writer connection would outlive Dispose and keep the file's write-ahead log open.
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString());
        connection.Open();
        var db = connection.Handle!;
        Raw.Check(db, SQLitePCL.raw.sqlite3_busy_timeout(db, (int)options.BusyTimeout.TotalMilliseconds), "busy_timeout");
        Raw.Exec(db, "PRAGMA journal_mode = WAL");
        Raw.Exec(db, "PRAGMA synchronous = NORMAL");
        return connection;
    }

    /// <summary>
    /// Unpooled on purpose: some pragmas take effect while a statement is prepared, and a pooled connection
    /// would carry whatever one query did into the next.
    /// </summary>
    public static SqliteConnection OpenReadOnly(StorageSettings options)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.ReadOnly ? ImmutableUri(options.DatabasePath) : options.DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>
    /// A plain read-only connection to a file in WAL mode (a copy of a server's file is) still creates its -wal and
    /// -shm files, and leaves them. <c>immutable=1</c> tells SQLite no one changes the file: no locks, no -shm, no
    /// -wal, nothing written anywhere. That holds for a copy; a log the file still needs is refused at start instead
    /// (<see cref="Schema.StoreInitializer"/>), because an immutable reader would not see it.
    /// </summary>
    private static string ImmutableUri(string path) => new UriBuilder { Scheme = "file", Host = "", Path = Path.GetFullPath(path), Query = "immutable=1" }.Uri.AbsoluteUri;
}
