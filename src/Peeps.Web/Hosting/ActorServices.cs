using Akka.Hosting;
using Peeps.Ingest.Connections;

namespace Peeps.Web.Hosting;

public static class ActorServices
{
    public static IServiceCollection AddPeepsActors(this IServiceCollection services) =>
        services.AddAkka("peeps", (builder, provider) => builder
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithActors((system, registry, _) =>
            {
                registry.Register<ConnectionRegistry>(system.ActorOf(ConnectionRegistry.Props(), "connections"));
            })
            .WithPeepsCoordinators(provider));
}
