using System.Diagnostics.Metrics;
using Peeps.Ingest.Metrics;

namespace Peeps.Web.Telemetry;

/// <summary>Says at start which build runs, and keeps a constant <c>peeps.build.info</c> gauge of 1 labelled with it.</summary>
public sealed class BuildInfoReporter(PeepsMetrics metrics, ILogger<BuildInfoReporter> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var build = BuildInfo.Current;
        metrics.Meter.CreateObservableGauge("peeps.build.info", () => new Measurement<int>(1, build.Tags), null,
            "Always 1; its labels name the running build: version, commit, .NET runtime and Akka.NET version");
        logger.LogInformation("peeps-web {Version} (commit {Commit}) on {Runtime}, Akka.NET {AkkaVersion}",
            build.Version, build.Commit ?? "unknown", build.Runtime, build.Akka);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
