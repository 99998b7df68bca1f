using Microsoft.Extensions.Diagnostics.HealthChecks;
using Peeps.Storage.Reading;

namespace Peeps.Web.Readiness;

/// <summary>
/// A read-only server is ready while its copy answers a query (a failure is reported unhealthy by the health check
/// service, with its message). It has no writer, journal or ingest port whose idleness could be mistaken for a fault,
/// so those checks are not registered.
/// </summary>
internal sealed class ReadOnlyCopyCheck(ISqlQueryExecutor sql) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var version = await sql.ExecuteOwnAsync("PRAGMA user_version", cancellationToken);
        return HealthCheckResult.Healthy($"read-only copy at schema version {version.Rows[0][0]}");
    }
}
