using Microsoft.Data.Sqlite;
using Peeps.Storage.Writing;

namespace Peeps.Storage.Tests.Support;

/// <summary>A real database file in its own temporary directory, removed with the directory afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("peeps-storage-tests-").FullName;

    public TempDatabase() => Options = new StorageSettings { DatabasePath = Path.Combine(_directory, "peeps-web.sqlite") };

    public StorageSettings Options { get; }

    public SqliteStoreWriter OpenWriter(WriterSettings? settings = null, Peeps.Storage.Retention.RetentionPlan? plan = null) =>
        new(Options, settings ?? new WriterSettings { CacheSizeKiB = 2048 }, plan);

    /// <summary>Reads with a plain connection, independent of the code under test.</summary>
    public List<object?[]> Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Options.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public object? Scalar(string sql) => Rows(sql).Single().Single();

    public void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Options.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
