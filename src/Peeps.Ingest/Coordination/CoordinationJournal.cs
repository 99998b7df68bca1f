using Akka.Configuration;
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
    /// The connection string of the journal and snapshot store on <paramref name="journalPath"/>. A statement waits
    /// <see cref="CoordinationSettings.JournalLockTimeout"/> for the file's lock: at the driver's 30 s a write behind a
    /// held lock would outlast the circuit breaker's call timeout, which fails the persist while the write goes on
    /// and may still land.
    /// </summary>
    public static string ConnectionStringFor(string journalPath, CoordinationSettings settings)
    {
        var builder = ConnectionString(journalPath);
        builder.DefaultTimeout = (int)Math.Ceiling(settings.JournalLockTimeout.TotalSeconds);
        return builder.ToString();
    }

    /// <summary>
    /// What the plugin's typed hosting options cannot say, so it stays HOCON: the circuit breaker, once open after
    /// repeated failures, stays open no longer than the supervisor's longest backoff, so a recovered journal is used
    /// again as promptly as the backoff promises.
    /// </summary>
    public static Config CircuitBreakerHocon(string journalPluginPath, string snapshotPluginPath, CoordinationSettings settings)
    {
        var resetTimeout = $"circuit-breaker.reset-timeout = {(long)settings.MaxBackoff.TotalMilliseconds}ms";
        return ConfigurationFactory.ParseString($$"""
            {{journalPluginPath}} { {{resetTimeout}} }
            {{snapshotPluginPath}} { {{resetTimeout}} }
            """);
    }

    private static SqliteConnectionStringBuilder ConnectionString(string journalPath) =>
        new() { DataSource = journalPath, Mode = SqliteOpenMode.ReadWriteCreate };
}
