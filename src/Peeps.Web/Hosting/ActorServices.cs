using Akka.Hosting;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Options;
using Peeps.Ingest.Connections;
using Peeps.Web.Cluster;
using Peeps.Web.Configuration;
using Peeps.Web.Logs;

namespace Peeps.Web.Hosting;

public static class ActorServices
{
    public static IServiceCollection AddPeepsActors(this IServiceCollection services) =>
        services.AddAkka("peeps", (builder, provider) => builder
            .AddHocon(ShutdownHocon(provider.GetRequiredService<IOptions<PeepsOptions>>().Value), HoconAddMode.Prepend)
            .AddSetup(new LoggerFactorySetup(provider.GetRequiredService<ILoggerFactory>()))
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<StructuredAkkaLogger>();
            })
            .WithActors((system, registry, _) =>
            {
                registry.Register<ConnectionRegistry>(system.ActorOf(ConnectionRegistry.Props(), "connections"));
            })
            .WithPeepsCoordinatorsOrCluster(provider));

    /// <summary>
    /// The ingest drain runs in Akka's service-unbind phase when Akka's coordinated shutdown comes first; the phase's
    /// default 5 s would cut it short and stop the streams mid-drain, so it gets the drain's own bound and a margin.
    /// </summary>
    private static string ShutdownHocon(PeepsOptions options) =>
        $"akka.coordinated-shutdown.phases.service-unbind.timeout = {(long)(options.Ingest.ShutdownDrainTimeout + TimeSpan.FromSeconds(5)).TotalMilliseconds}ms";
}
