using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Peeps.Web.Readiness;

/// <summary>
/// Asks an Akka.Persistence plugin (journal or snapshot store) for its own health, as Akka.Persistence.Hosting's
/// built-in check does, but gives up after <paramref name="timeout"/>: with the journal file's lock held elsewhere the
/// built-in check did not answer at all, and <c>/health/ready</c> hung with it.
/// </summary>
internal sealed class PersistencePluginCheck(string pluginId, bool isJournal, TimeSpan timeout) : IAkkaHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken)
    {
        var persistence = Persistence.Instance.Apply(context.ActorSystem);
        try
        {
            var result = isJournal
                ? (await persistence.JournalFor(pluginId).Ask<JournalHealthCheckResponse>(new CheckJournalHealth(cancellationToken), timeout, cancellationToken)).Result
                : (await persistence.SnapshotStoreFor(pluginId).Ask<SnapshotStoreHealthCheckResponse>(new CheckSnapshotStoreHealth(cancellationToken), timeout, cancellationToken)).Result;
            return result.Status == PersistenceHealthStatus.Healthy
                ? HealthCheckResult.Healthy(result.Description)
                : HealthCheckResult.Unhealthy($"{pluginId}: {result.Description ?? result.Status.ToString()}", result.Exception);
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{pluginId} did not answer its health check within {timeout}");
        }
    }
}
