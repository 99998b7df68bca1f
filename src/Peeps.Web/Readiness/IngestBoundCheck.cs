using Microsoft.Extensions.Diagnostics.HealthChecks;
using Peeps.Web.Hosting;

namespace Peeps.Web.Readiness;

/// <summary>The TCP ingest port is bound and not yet given up by a shutdown's drain.</summary>
internal sealed class IngestBoundCheck(IngestEndpoint endpoint) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(endpoint.Bound.IsCompletedSuccessfully && !endpoint.Unbound
            ? HealthCheckResult.Healthy($"bound to {endpoint.Bound.Result}")
            : HealthCheckResult.Unhealthy(endpoint.Unbound ? "unbound: the server is shutting down" : "not bound yet"));
}
