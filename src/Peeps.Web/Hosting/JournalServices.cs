using System.Data;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Peeps.Ingest.Coordination;
using Peeps.Web.Readiness;

namespace Peeps.Web.Hosting;

/// <summary>
/// The coordinators' journal and snapshot store through Akka.Persistence.Sql's typed hosting options, with each
/// plugin's own health check, bounded in time (they join <c>/health/ready</c>). Only the circuit breaker stays HOCON: the
/// typed options have no member for it.
/// </summary>
public static class JournalServices
{
    public const string JournalCheck = "journal-plugin";
    public const string SnapshotStoreCheck = "snapshot-store-plugin";

    /// <summary>A plugin that cannot answer within the journal's own lock wait is not ready.</summary>
    private static AkkaHealthCheckRegistration PluginCheck(string name, string pluginId, bool isJournal, CoordinationSettings settings) =>
        new(name, new PersistencePluginCheck(pluginId, isJournal, settings.JournalLockTimeout), HealthStatus.Unhealthy,
            ["akka", "persistence"], settings.JournalLockTimeout + TimeSpan.FromSeconds(1));

    /// <summary>The single node's journal: a SQLite file beside the database.</summary>
    public static AkkaConfigurationBuilder WithCoordinationJournal(this AkkaConfigurationBuilder builder, string journalPath, CoordinationSettings settings) =>
        // Reads run at read-uncommitted because Microsoft.Data.Sqlite begins every other transaction IMMEDIATE, taking
        // the write lock, so recovery would fail whenever writes do. Without shared cache this changes nothing else:
        // a WAL reader still sees only committed data.
        builder.WithCoordinationJournal(
            CoordinationJournal.ConnectionStringFor(journalPath, settings), ProviderName.SQLiteMS, IsolationLevel.ReadUncommitted, settings);

    /// <summary>Cluster mode's journal: one PostgreSQL database all nodes share, so a singleton recovers its history on any node.</summary>
    public static AkkaConfigurationBuilder WithClusterJournal(this AkkaConfigurationBuilder builder, string connectionString, CoordinationSettings settings) =>
        builder.WithCoordinationJournal(connectionString, ProviderName.PostgreSQL15, IsolationLevel.ReadCommitted, settings);

    private static AkkaConfigurationBuilder WithCoordinationJournal(
        this AkkaConfigurationBuilder builder, string connectionString, string providerName, IsolationLevel readIsolation, CoordinationSettings settings)
    {
        var journal = new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = providerName,
            AutoInitialize = true,
            ReadIsolationLevel = readIsolation,
        };
        var snapshots = new SqlSnapshotOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = providerName,
            AutoInitialize = true,
            ReadIsolationLevel = readIsolation,
        };
        return builder
            .WithSqlPersistence(
                journal,
                snapshots,
                journalBuilder => journalBuilder.WithCustomHealthCheck(PluginCheck(JournalCheck, journal.PluginId, isJournal: true, settings)),
                snapshotBuilder => snapshotBuilder.WithCustomHealthCheck(PluginCheck(SnapshotStoreCheck, snapshots.PluginId, isJournal: false, settings)))
            .AddHocon(CoordinationJournal.CircuitBreakerHocon(journal.PluginId, snapshots.PluginId, settings), HoconAddMode.Prepend);
    }
}
