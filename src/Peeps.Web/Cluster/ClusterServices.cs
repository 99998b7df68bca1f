using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Cuts;
using Peeps.Ingest.Store;
using Peeps.Ingest.Snapshots;
using Peeps.Storage.Reading;
using Peeps.Storage.Schema;
using Peeps.Web.Configuration;
using Peeps.Web.Hosting;

namespace Peeps.Web.Cluster;

/// <summary>
/// Cluster mode's wiring: Akka.Cluster with the split-brain resolver, the cut and snapshot coordinators as cluster
/// singletons (journal on PostgreSQL) reached through proxies, and this node's <see cref="NodeAgent"/>. Without
/// <c>Peeps:Cluster:NodeName</c> none of it is registered and the single-node wiring runs unchanged.
/// </summary>
public static class ClusterServices
{
    public static IServiceCollection AddPeepsCluster(this IServiceCollection services, PeepsOptions options)
    {
        if (!options.Cluster.Enabled) return services;
        services.AddSingleton(options.Cluster);
        services.AddSingleton(new ClusterView(options.Cluster));
        services.AddSingleton<ClusterGather>();
        services.AddSingleton<History.IGraphAtSource, ClusterGraphHistory>();
        return services;
    }

    /// <summary>
    /// The single node's coordinators, or in cluster mode the singletons and this node's agent. A read-only server has
    /// neither: with no runtimes to ask, a cut or snapshot is refused before it reaches a coordinator, and without
    /// coordinators no journal is opened, beside the copy or anywhere else.
    /// </summary>
    public static AkkaConfigurationBuilder WithPeepsCoordinatorsOrCluster(this AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<PeepsOptions>>().Value;
        if (options.ReadOnly) return builder;
        return options.Cluster.Enabled ? builder.WithPeepsCluster(provider, options) : builder.WithPeepsCoordinators(provider);
    }

    private static AkkaConfigurationBuilder WithPeepsCluster(this AkkaConfigurationBuilder builder, IServiceProvider provider, PeepsOptions options)
    {
        var settings = options.Cluster;
        return builder
            .AddHocon(ClusterHocon.For(settings), HoconAddMode.Prepend)
            .WithClusterJournal(settings.JournalConnectionString, options.Coordination)
            .AddHocon(ClusterSingleton.DefaultConfig(), HoconAddMode.Append)
            .AddHocon(DistributedPubSub.DefaultConfig(), HoconAddMode.Append)
            .WithActors((system, registry, _) =>
            {
                var view = provider.GetRequiredService<ClusterView>();
                view.Attach(system);
                var gather = provider.GetRequiredService<ClusterGather>();
                var start = provider.GetRequiredService<StoreStartState>();
                var outbox = provider.GetRequiredService<StoreOutbox>();
                var committed = provider.GetRequiredService<CommitHighWaterMarks>();
                var supervision = provider.GetRequiredService<CoordinationSettings>();
                var cutSettings = provider.GetRequiredService<CutSettings>();
                var snapshotSettings = provider.GetRequiredService<SnapshotSettings>();

                var cuts = Proxy(system, "cuts");
                // Below the coordinator's own wait for the registry, so a silent node costs the cut that node, not the whole cut.
                var gatherWithin = TimeSpan.FromTicks(Math.Min(settings.GatherTimeout.Ticks, (long)(cutSettings.RegistryTimeout.Ticks * 0.75)));
                var clusterRegistry = system.ActorOf(ClusterConnectionRegistry.Props(gather, cuts, gatherWithin), "cluster-connections");
                // Members on any node may belong to an incarnation that died; the live list settles them, so none is assumed earlier-run.
                Singleton(system, "cuts", CoordinatorSupervisor.Props(
                    CutCoordinator.Props(clusterRegistry, outbox, committed, cutSettings, start.MaxCutNumber, lastConnIdOfEarlierRuns: 0), "cut", supervision));
                registry.Register<CutCoordinator>(cuts);

                Singleton(system, "snapshots", CoordinatorSupervisor.Props(
                    SnapshotCoordinator.Props(clusterRegistry, outbox, snapshotSettings, start.MaxSnapshotId,
                        (id, timeout, replyTo) => ClusterSnapshotCollector.Props(id, timeout, replyTo, view, outbox, snapshotSettings.RegistryTimeout, snapshotSettings.MaxReplyBytes)),
                    "snapshot", supervision));
                registry.Register<SnapshotCoordinator>(Proxy(system, "snapshots"));
                system.ActorOf(CoordinatorDeadLetters.Props(typeof(StartCut), typeof(GetCut), typeof(TakeSnapshot)), "coordinator-dead-letters");

                system.ActorOf(NodeAgent.Props(
                    settings.NodeName, registry.Get<ConnectionRegistry>(), provider.GetRequiredService<ISqlQueryExecutor>(),
                    provider.GetRequiredService<Processes.ProcessDirectory>(), provider.GetRequiredService<History.GraphHistory>(), outbox, committed, cuts, settings),
                    NodeAgent.Name);
                var mediator = DistributedPubSub.Get(system).Mediator;
                provider.GetRequiredService<CommitFeed>().Subscribe(report =>
                {
                    if (report.Cursors.Count == 0 && report.ClosedConnIds.Count == 0) return;
                    mediator.Tell(new Publish(NodeAgent.CommitsTopic, new NodeCommitted([.. report.Cursors], [.. report.ClosedConnIds])));
                });
            });
    }

    private static void Singleton(ActorSystem system, string name, Props coordinator) =>
        system.ActorOf(ClusterSingletonManager.Props(coordinator, PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)), name);

    private static IActorRef Proxy(ActorSystem system, string name) =>
        system.ActorOf(ClusterSingletonProxy.Props($"/user/{name}", ClusterSingletonProxySettings.Create(system)), $"{name}-proxy");
}
