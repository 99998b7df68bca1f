using Microsoft.Data.Sqlite;
using Peeps.Ingest.Coordination;

namespace Peeps.EndToEnd.Tests.Support;

/// <summary>The coordinators' journal file next to a test database, read and locked from outside the server.</summary>
public sealed class JournalFile(string databasePath)
{
    public string Path { get; } = CoordinationJournal.DefaultPathFor(databasePath);

    /// <summary>Journal rows of one persistent actor, including the one Akka keeps (marked deleted) to remember the highest sequence number.</summary>
    public long Events(string persistenceId) => Count("journal", persistenceId);

    public long Snapshots(string persistenceId) => Count("snapshot", persistenceId);

    /// <summary>
    /// Takes the file's write lock the way a stuck writer would and keeps it until disposed: every journal write
    /// fails with "database is locked" after the configured lock timeout, while reads go on (WAL).
    /// </summary>
    public IDisposable HoldWriteLock()
    {
        var connection = Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE";
        begin.ExecuteNonQuery();
        return connection;
    }

    private long Count(string table, string persistenceId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table} WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", persistenceId);
        return (long)command.ExecuteScalar()!;
    }

    // No pooling: a pooled handle would outlive the test's using block and keep the file open.
    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
