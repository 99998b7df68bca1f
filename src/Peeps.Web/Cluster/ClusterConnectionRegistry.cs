using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Peeps.Ingest.Connections;

namespace Peeps.Web.Cluster;

/// <summary>
/// Stands in for the connection registry of a single node when the cut coordinator is a cluster singleton: its live
/// list is the union of every node's, each connection with a remote ref the coordinator asks and watches directly.
/// When a node becomes unreachable, its connections as last listed are reported to the cut coordinator as
/// unreachable, so a cut does not wait for a node that may never come back.
/// </summary>
public sealed class ClusterConnectionRegistry : ReceiveActor
{
    public ClusterConnectionRegistry(ClusterGather gather, IActorRef cuts, TimeSpan within)
    {
        Receive<ConnectionRegistry.GetLive>(_ => ListAsync(gather, within).PipeTo(Sender));
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
        {
            var node = ClusterView.NameOf(unreachable.Member);
            foreach (var process in gather.View.LastKnown(node))
                cuts.Tell(new ClientUnreachable(process.ConnId, $"node {node} is unreachable"));
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    public static Props Props(ClusterGather gather, IActorRef cuts, TimeSpan within) =>
        Akka.Actor.Props.Create(() => new ClusterConnectionRegistry(gather, cuts, within));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.UnreachableMember));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    /// <summary>Sorted as a single node's registry sorts: process name, pid, conn id.</summary>
    public static async Task<ConnectionRegistry.Live> ListAsync(ClusterGather gather, TimeSpan within)
    {
        var answers = await gather.AskAllAsync<NodeConnections>(ListNodeConnections.Instance, CancellationToken.None, within);
        foreach (var answer in answers)
            if (answer.Answer is { } listed) gather.View.Remember(answer.Node, listed.Processes);
        return new ConnectionRegistry.Live([.. answers
            .SelectMany(a => a.Answer?.Processes ?? [])
            .Select(p => p.ToLive())
            .OrderBy(c => c.ProcessName, StringComparer.Ordinal)
            .ThenBy(c => c.Pid)
            .ThenBy(c => c.ConnId)])
        {
            Unanswered = [.. answers.Where(a => a.Answer is null).SelectMany(a => gather.View.LastKnown(a.Node)).Select(p => p.ConnId)],
        };
    }
}
