using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Cuts;
using Peeps.Ingest.Materializer;
using Peeps.Ingest.Snapshots;
using Peeps.Storage.Schema;
using Peeps.Web.Configuration;

namespace Peeps.Web.Hosting;

/// <summary>The cut and snapshot coordinators, their journal, and their path into the store.</summary>
public static class CoordinationServices
{
    /// <summary>Cut rows, acks and snapshot results waiting for the writer; a handful per HTTP request, so this is generous.</summary>
    private const int StoreOutboxCapacity = 1024;

    public static IServiceCollection AddPeepsCoordination(this IServiceCollection services, PeepsOptions options) =>
        services
            .AddSingleton(new StoreOutbox(StoreOutboxCapacity))
            .AddSingleton(options.Cuts)
            .AddSingleton(options.Snapshots);

    /// <summary>Call after the connection registry is registered: the coordinators ask it for the live connections.</summary>
    public static AkkaConfigurationBuilder WithPeepsCoordinators(this AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<PeepsOptions>>().Value;
        var journal = string.IsNullOrWhiteSpace(options.Journal)
            ? CoordinationJournal.DefaultPathFor(options.Db)
            : Path.GetFullPath(options.Journal);
        CoordinationJournal.Prepare(journal);
        return builder
            .AddHocon(CoordinationJournal.Hocon(journal), HoconAddMode.Prepend)
            .WithActors((system, registry, _) =>
            {
                var start = provider.GetRequiredService<StoreStartState>();
                var outbox = provider.GetRequiredService<StoreOutbox>();
                var connections = registry.Get<ConnectionRegistry>();
                var cuts = system.ActorOf(CutCoordinator.Props(connections, outbox, provider.GetRequiredService<CutSettings>(), start.MaxCutNumber), "cuts");
                provider.GetRequiredService<CommitFeed>().Subscribe(report =>
                {
                    if (report.Cursors.Count > 0) cuts.Tell(new CursorsCommitted(report.Cursors));
                });
                registry.Register<CutCoordinator>(cuts);
                registry.Register<SnapshotCoordinator>(system.ActorOf(
                    SnapshotCoordinator.Props(connections, outbox, provider.GetRequiredService<SnapshotSettings>(), start.MaxSnapshotId), "snapshots"));
            });
    }
}
