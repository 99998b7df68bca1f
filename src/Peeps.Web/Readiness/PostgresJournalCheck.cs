using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Peeps.Web.Readiness;

/// <summary>Cluster mode: the coordinators' journal database answers a query within a few seconds.</summary>
internal sealed class PostgresJournalCheck(string connectionString) : IHealthCheck
{
    private const int TimeoutSeconds = 2;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = TimeoutSeconds, CommandTimeout = TimeoutSeconds };
            await using var connection = new NpgsqlConnection(builder.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("reachable");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the cluster journal database cannot be reached: {e.Message}");
        }
    }
}
