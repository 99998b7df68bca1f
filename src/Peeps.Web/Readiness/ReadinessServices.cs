using Microsoft.Extensions.Diagnostics.HealthChecks;
using Peeps.Ingest.Metrics;
using Peeps.Web.Configuration;
using Peeps.Web.Hosting;

namespace Peeps.Web.Readiness;

public static class ReadinessServices
{
    public const string Writer = "writer";
    public const string Journal = "journal";
    public const string Ingest = "ingest";
    public const string Disk = "disk";
    public const string Copy = "copy";

    public static IServiceCollection AddPeepsReadiness(this IServiceCollection services, PeepsOptions options)
    {
        var settings = options.Readiness;
        services.AddSingleton(settings);
        var checks = services.AddHealthChecks();
        if (options.ReadOnly)
            checks.AddTypeActivatedCheck<ReadOnlyCopyCheck>(Copy);
        else
            checks
                .AddTypeActivatedCheck<WriterProgressCheck>(Writer)
                .AddCheck(Journal, options.Cluster.Enabled
                    ? new PostgresJournalCheck(options.Cluster.JournalConnectionString)
                    : new JournalWritableCheck(CoordinationServices.JournalPathOf(options)))
                .AddTypeActivatedCheck<IngestBoundCheck>(Ingest)
                .AddCheck(Disk, new DiskSpaceCheck(options.Db, settings));
        services.Configure<HealthCheckPublisherOptions>(publishing =>
        {
            // Not at once: the ingest port binds only after the host has started.
            publishing.Delay = settings.MetricInterval;
            publishing.Period = settings.MetricInterval;
        });
        services.AddSingleton<IHealthCheckPublisher>(provider => new ReadinessMetrics(provider.GetRequiredService<PeepsMetrics>().Meter));
        return services;
    }
}
