using Peeps.Storage.Sqlite;

namespace Peeps.Storage.Schema;

/// <summary>
/// Entry point at server start: creates or migrates the file (read-only: checks it can be read as it is) and reads the
/// id high-water marks.
/// </summary>
public static class StoreInitializer
{
    /// <exception cref="UnsupportedSchemaException">The file's schema is newer than this build, or older than the reference's.</exception>
    /// <exception cref="ReadOnlyCopyException">Read-only mode, and the file is missing or its log holds changes not yet in it.</exception>
    public static StoreStartState Initialize(StorageSettings options)
    {
        if (options.ReadOnly) return InspectCopy(options);
        using var connection = StoreConnections.OpenReadWrite(options);
        var db = connection.Handle!;
        return StartState(db, SchemaMigrator.Migrate(db, options.DatabasePath));
    }

    /// <summary>Read-only mode: the same start state, read without changing anything, from a file at this build's version.</summary>
    private static StoreStartState InspectCopy(StorageSettings options)
    {
        ReadOnlyCopyException.ThrowIfNotReadable(options.DatabasePath);
        using var connection = StoreConnections.OpenReadOnly(options);
        var db = connection.Handle!;
        return StartState(db, SchemaMigrator.RequireLatest(db, options.DatabasePath));
    }

    private static StoreStartState StartState(SQLitePCL.sqlite3 db, int version)
    {
        // Each conn_id MAX reads the end of a primary key, so it stays instant however large the file grows.
        // Streams and entities are included because a reference-era file may hold rows of connections it overwrote.
        var maxConnId = new[] { "connections", "stream_cursors", "entities" }
            .Max(table => Raw.ScalarInt64(db, $"SELECT COALESCE(MAX(conn_id), 0) FROM {table}"));
        var maxCut = Raw.ScalarInt64(db,
            "SELECT COALESCE(MAX(CAST(substr(cut_id, 5) AS INTEGER)), 0) FROM cuts WHERE cut_id GLOB 'cut:[0-9]*'");
        var maxSnapshot = Raw.ScalarInt64(db, "SELECT COALESCE(MAX(snapshot_id), 0) FROM snapshots");
        var open = Raw.ScalarInt64(db, "SELECT count(*) FROM connections WHERE disconnected_at_ns IS NULL");
        return new StoreStartState(version, maxConnId, maxCut, maxSnapshot) { OpenConnectionRows = open };
    }
}
