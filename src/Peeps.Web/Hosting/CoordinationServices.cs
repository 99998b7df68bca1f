using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Cuts;
using Peeps.Ingest.Store;
using Peeps.Ingest.Snapshots;
using Peeps.Storage.Schema;
using Peeps.Web.Configuration;

namespace Peeps.Web.Hosting;

/// <summary>The cut and snapshot coordinators, their journal, and their path into the store.</summary>
public static class CoordinationServices
{
    public static IServiceCollection AddPeepsCoordination(this IServiceCollection services, PeepsOptions options) =>
        services
            .AddSingleton(new StoreOutbox(options.Coordination.StoreQueueCapacity, options.Cuts.MaxHeldAckRows))
            .AddSingleton<CommitHighWaterMarks>()
            .AddSingleton(options.Coordination)
            .AddSingleton(options.Cuts)
            .AddSingleton(options.Snapshots)
            .AddSingleton(new Api.SnapshotsInFlight(options.Snapshots));

    public static string JournalPathOf(PeepsOptions options) => string.IsNullOrWhiteSpace(options.Journal)
        ? CoordinationJournal.DefaultPathFor(options.Db)
        : Path.GetFullPath(options.Journal);

    /// <summary>Call after the connection registry is registered: the coordinators ask it for the live connections.</summary>
    public static AkkaConfigurationBuilder WithPeepsCoordinators(this AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<PeepsOptions>>().Value;
        var journal = JournalPathOf(options);
        CoordinationJournal.Prepare(journal);
        return builder
            .WithCoordinationJournal(journal, options.Coordination)
            .WithActors((system, registry, _) =>
            {
                var start = provider.GetRequiredService<StoreStartState>();
                var outbox = provider.GetRequiredService<StoreOutbox>();
                var committed = provider.GetRequiredService<CommitHighWaterMarks>();
                var supervision = provider.GetRequiredService<CoordinationSettings>();
                var connections = registry.Get<ConnectionRegistry>();
                var cuts = system.ActorOf(CoordinatorSupervisor.Props(
                    CutCoordinator.Props(connections, outbox, committed, provider.GetRequiredService<CutSettings>(), start.MaxCutNumber, start.MaxConnId),
                    "cut", supervision), "cuts");
                // Advanced here rather than by the coordinator, so commits landing while it restarts are not lost.
                provider.GetRequiredService<CommitFeed>().Subscribe(report =>
                {
                    if (report.Cursors.Count == 0 && report.ClosedConnIds.Count == 0) return;
                    committed.Advance(report);
                    cuts.Tell(CursorsCommitted.Instance);
                });
                registry.Register<CutCoordinator>(cuts);
                system.ActorOf(CoordinatorDeadLetters.Props(typeof(StartCut), typeof(GetCut), typeof(TakeSnapshot)), "coordinator-dead-letters");
                registry.Register<SnapshotCoordinator>(system.ActorOf(CoordinatorSupervisor.Props(
                    SnapshotCoordinator.Props(connections, outbox, provider.GetRequiredService<SnapshotSettings>(), start.MaxSnapshotId),
                    "snapshot", supervision), "snapshots"));
            });
    }
}
