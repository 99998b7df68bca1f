using Peeps.Storage.Reading;
using Peeps.Storage.Writing;
using SQLitePCL;

namespace Peeps.Storage.Sqlite;

/// <summary>
/// SQLite's hard heap limit, which holds for the whole process: past it an allocation fails and the statement
/// that asked stops with "out of memory" (a client query answers 422; a writer commit is retried like any failed
/// commit). SQLite has no per-connection limit, so the SQL surface's share is sized to sit on top of what the
/// writer needs.
/// </summary>
public static class SqliteHeapLimit
{
    /// <summary>
    /// The writer's prepared statements and bound batch values, the background checkpointer, the coordinators'
    /// journal and SQLite's own caches, beyond the writer's page cache.
    /// </summary>
    public const long Allowance = 64L * 1024 * 1024;

    public static long For(WriterSettings writer, SqlQuerySettings sql) =>
        writer.CacheSizeKiB * 1024L + sql.MaxMemoryBytes + Allowance;

    /// <remarks>Runs before any connection is opened, so SQLite's provider may not be set up yet.</remarks>
    public static void Apply(long bytes)
    {
        Batteries_V2.Init();
        raw.sqlite3_hard_heap_limit64(bytes);
    }
}
