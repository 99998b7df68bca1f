using Microsoft.Extensions.Diagnostics.HealthChecks;
using Peeps.Ingest.Inspection;

namespace Peeps.Web.Readiness;

/// <summary>
/// The writer makes progress unless one commit has been running (or retrying) longer than
/// <see cref="ReadinessSettings.WriterStallAfter"/>. An idle writer is fine: nothing waits for it.
/// </summary>
internal sealed class WriterProgressCheck(StreamGraphRegistry graph, ReadinessSettings settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (graph.Store is not { } store)
            return Task.FromResult(HealthCheckResult.Unhealthy("the write path has not started"));
        var committing = store.CurrentCommit;
        return Task.FromResult(committing > settings.WriterStallAfter
            ? HealthCheckResult.Unhealthy(
                $"one commit has been running or retrying for {committing.Value.TotalSeconds:F1} s, longer than " +
                $"Peeps:Readiness:WriterStallAfter ({settings.WriterStallAfter.TotalSeconds:F1} s); ingest is held back")
            : HealthCheckResult.Healthy(committing is null ? "idle" : $"committing for {committing.Value.TotalSeconds:F1} s"));
    }
}
