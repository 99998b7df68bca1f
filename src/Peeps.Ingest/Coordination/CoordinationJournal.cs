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
        using var connection = new SqliteConnection(ConnectionString(journalPath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
    }

    public static Config Hocon(string journalPath)
    {
        var connectionString = ConnectionString(journalPath).Replace("\"", "\\\"", StringComparison.Ordinal);
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

    private static string ConnectionString(string journalPath) =>
        new SqliteConnectionStringBuilder { DataSource = journalPath, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
}
