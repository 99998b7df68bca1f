using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;

namespace Peeps.Web.Cluster;

/// <summary>
/// This node's view of the cluster's nodes by name: who is up and reachable now, who is unreachable, and who was
/// removed (downed) and has not come back; and the processes each node last reported, so a node lost mid-request
/// can be reported with its processes. Fed by cluster events on an actor, read by any thread.
/// </summary>
public sealed class ClusterView
{
    private readonly ConcurrentDictionary<string, NodeProcess[]> _lastKnown = new();
    private ImmutableDictionary<string, string> _removed = ImmutableDictionary<string, string>.Empty;

    private ActorSystem? _system;

    public ClusterView(ClusterSettings settings) => Settings = settings;

    /// <summary>Set once the actor system is up (the view is registered with the services before it exists).</summary>
    public void Attach(ActorSystem system)
    {
        _system = system;
        system.ActorOf(Props.Create(() => new Listener(this)), "peeps-cluster-view");
    }

    public ActorSystem System => _system ?? throw new InvalidOperationException("the cluster view is used before the actor system started");

    public ClusterSettings Settings { get; }

    public string Self => Settings.NodeName;

    /// <summary>Members that count as nodes of the cluster now (up, or leaving while still serving), with their state.</summary>
    public IReadOnlyList<NodeMember> Members()
    {
        var state = Akka.Cluster.Cluster.Get(System).State;
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        var members = state.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.WeaklyUp)
            .Select(m => new NodeMember(NameOf(m), m.Address, unreachable.Contains(m.UniqueAddress)))
            .Where(m => m.Name.Length > 0)
            .ToList();
        return members;
    }

    /// <summary>Nodes removed from the cluster (downed) that have not rejoined under the same name, with why.</summary>
    public IReadOnlyDictionary<string, string> Removed
    {
        get
        {
            var up = Members().Select(m => m.Name).ToHashSet();
            return _removed.Where(r => !up.Contains(r.Key)).ToDictionary();
        }
    }

    public void Remember(string node, NodeProcess[] processes) => _lastKnown[node] = processes;

    public NodeProcess[] LastKnown(string node) => _lastKnown.TryGetValue(node, out var known) ? known : [];

    public static string NameOf(Member member) =>
        member.Roles.FirstOrDefault(r => r.StartsWith(ClusterHocon.NodeRolePrefix, StringComparison.Ordinal))?[ClusterHocon.NodeRolePrefix.Length..] ?? "";

    public sealed record NodeMember(string Name, Address Address, bool Unreachable);

    private sealed class Listener : ReceiveActor
    {
        public Listener(ClusterView view)
        {
            Receive<ClusterEvent.MemberRemoved>(removed =>
            {
                var name = NameOf(removed.Member);
                if (name.Length > 0 && name != view.Self)
                    ImmutableInterlocked.Update(ref view._removed, r => r.SetItem(name, $"removed from the cluster (was {removed.PreviousStatus.ToString().ToLowerInvariant()})"));
            });
            Receive<ClusterEvent.MemberUp>(up =>
            {
                var name = NameOf(up.Member);
                ImmutableInterlocked.Update(ref view._removed, r => r.Remove(name));
            });
            Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
            Receive<ClusterEvent.CurrentClusterState>(_ => { });
        }

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.MemberUp));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
