using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Peeps.Ingest.Coordination;

/// <summary>
/// The Akka.Persistence journal and snapshot store of the coordinators (cut history, id high-water marks). It lives in its own
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

    /// <summary>
    /// The journal and snapshot store on <paramref name="journalPath"/>, tuned so a held lock fails writes promptly
    /// and leaves reads (recovery) working:
    /// <list type="bullet">
    /// <item>A statement waits <see cref="CoordinationSettings.JournalLockTimeout"/> for the file's lock. At the
    /// driver's 30 s a write behind a held lock would outlast the circuit breaker's call timeout, which fails the
    /// persist while the write goes on and may still land.</item>
    /// <item>Reads run at read-uncommitted because Microsoft.Data.Sqlite begins every other transaction IMMEDIATE,
    /// taking the write lock, so recovery would fail whenever writes do. Without shared cache the pragma changes
    /// nothing else: a WAL reader still sees only committed data.</item>
    /// <item>The circuit breaker, once open after repeated failures, stays open no longer than the supervisor's
    /// longest backoff, so a recovered journal is used again as promptly as the backoff promises.</item>
    /// </list>
    /// </summary>
    public static Config Hocon(string journalPath, CoordinationSettings settings)
    {
        var builder = ConnectionString(journalPath);
        builder.DefaultTimeout = (int)Math.Ceiling(settings.JournalLockTimeout.TotalSeconds);
        var connectionString = builder.ToString().Replace("\"", "\\\"", StringComparison.Ordinal);
        var plugin = $$"""
            connection-string = "{{connectionString}}"
            provider-name = "SQLite.MS"
            auto-initialize = on
            read-isolation-level = read-uncommitted
            circuit-breaker.reset-timeout = {{(long)settings.MaxBackoff.TotalMilliseconds}}ms
            """;
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql { {{plugin}} }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql { {{plugin}} }
              }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static SqliteConnectionStringBuilder ConnectionString(string journalPath) =>
        new() { DataSource = journalPath, Mode = SqliteOpenMode.ReadWriteCreate };
}
