using Microsoft.Data.Sqlite;

namespace Peeps.Reliability.Tests.Support;

/// <summary>Read-only access to a server's SQLite file from the test, independent of the server's SQL surface.</summary>
public sealed class StoreFile : IDisposable
{
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    public StoreFile(string path)
    {
        _connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        _connection.Open();
    }

    /// <summary>
    /// Reads inside one transaction until disposed, so several queries see the file at one instant even while a
    /// server is still committing to it.
    /// </summary>
    public IDisposable OneInstant()
    {
        _transaction = _connection.BeginTransaction(deferred: true);
        // A deferred transaction takes its snapshot at its first read.
        Scalar("SELECT count(*) FROM sqlite_master");
        return new Instant(this);
    }

    private sealed class Instant(StoreFile store) : IDisposable
    {
        public void Dispose()
        {
            store._transaction?.Dispose();
            store._transaction = null;
        }
    }

    public long Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public string Text(string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar()) ?? "";
    }

    /// <summary>Every row, each as its column values; for whole-table checks too slow for the bounded SQL surface.</summary>
    public List<object[]> Rows(string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    public void Dispose() => _connection.Dispose();
}
