using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Peeps.Web.Readiness;

/// <summary>
/// The readiness checks as the gauge <c>peeps.ready</c> (1 healthy, 0 not), one series per check, from the host's
/// periodic run of the checks; a scrape never runs them itself.
/// </summary>
internal sealed class ReadinessMetrics : IHealthCheckPublisher
{
    private volatile HealthReport? _last;

    public ReadinessMetrics(Meter meter) =>
        meter.CreateObservableGauge("peeps.ready", Observe, "{check}", "Readiness checks of GET /health/ready: 1 passing, 0 failing");

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _last = report;
        return Task.CompletedTask;
    }

    private IEnumerable<Measurement<int>> Observe() =>
        _last?.Entries.Select(entry => new Measurement<int>(
            entry.Value.Status == HealthStatus.Healthy ? 1 : 0, new KeyValuePair<string, object?>("check", entry.Key))) ?? [];
}
