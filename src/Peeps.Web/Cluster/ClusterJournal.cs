using Akka.Configuration;
using Akka.Persistence.Sql;
using Peeps.Ingest.Coordination;

namespace Peeps.Web.Cluster;

/// <summary>
/// The coordinators' journal in cluster mode: PostgreSQL through Akka.Persistence.Sql, the provider the single-node
/// SQLite journal already uses, so the singleton recovers the same history on whichever node it moves to.
/// </summary>
public static class ClusterJournal
{
    public static Config Hocon(string connectionString, CoordinationSettings settings)
    {
        var quoted = connectionString.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        var plugin = $$"""
            connection-string = "{{quoted}}"
            provider-name = "PostgreSQL.15"
            auto-initialize = on
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
}
