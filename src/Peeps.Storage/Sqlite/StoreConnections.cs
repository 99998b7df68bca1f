using Microsoft.Data.Sqlite;

namespace Peeps.Storage.Sqlite;

/// <summary>Opens the two kinds of connection the store uses: the one writer and short-lived read-only readers.</summary>
internal static class StoreConnections
{
    public static SqliteConnection OpenReadWrite(StorageSettings options)
    {
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
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
