using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Peeps.Ingest.Coordination;

/// <summary>
/// The Akka.Persistence journal of the coordinators (cut history, id high-water marks). It lives in its own
/// SQLite file: SQLite write locks are not fair, and a journal sharing the store's file starves behind the
/// writer's back-to-back commits.
/// </summary>
public static class CoordinationJournal
{
    public static string DefaultPathFor(string databasePath) => Path.GetFullPath(databasePath) + ".journal.sqlite";

    /// <summary>Creates the file in WAL mode (a persistent property of the file), so each journal write costs no extra fsync of a rollback journal.</summary>
    public static void Prepare(string journalPath)
    {
        using var connection = new SqliteConnection(ConnectionString(journalPath).ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
    }

    /// <param name="lockTimeout">
    /// How long a statement waits for the file's lock. Left at the driver's 30 s, a write behind a held lock would
    /// outlast the journal's circuit-breaker timeout, which fails the persist while the write goes on and may still land.
    /// </param>
    public static Config Hocon(string journalPath, TimeSpan lockTimeout)
    {
        var builder = ConnectionString(journalPath);
        builder.DefaultTimeout = (int)Math.Ceiling(lockTimeout.TotalSeconds);
        var connectionString = builder.ToString().Replace("\"", "\\\"", StringComparison.Ordinal);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = "{{connectionString}}"
                  provider-name = "SQLite.MS"
                  auto-initialize = on
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = "{{connectionString}}"
                  provider-name = "SQLite.MS"
                  auto-initialize = on
                }
              }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static SqliteConnectionStringBuilder ConnectionString(string journalPath) =>
        new() { DataSource = journalPath, Mode = SqliteOpenMode.ReadWriteCreate };
}
