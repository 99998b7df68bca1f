using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Cuts;
using Peeps.Storage.Reading;
using Peeps.Web.Api;
using Peeps.Web.History;
using Peeps.Web.Processes;

namespace Peeps.Web.Cluster;

/// <summary>
/// The per-node actor through which the rest of the cluster reaches this node: its live connections, its shard's
/// SQL, connection rows and graph at an instant, a snapshot of its connections, and the commit progress every node's cut bookkeeping needs. It runs on every
/// node at <see cref="Path"/>, so other nodes address it by the member's address alone.
/// </summary>
public sealed class NodeAgent : ReceiveActor
{
    public const string Name = "peeps-node";
    public const string Path = "/user/" + Name;
    public const string CommitsTopic = "peeps-commits";

    public NodeAgent(string node, IActorRef registry, ISqlQueryExecutor sql, ProcessDirectory processes, GraphHistory history, StoreOutbox store, CommitHighWaterMarks committed, IActorRef cuts, ClusterSettings settings)
    {
        Receive<ListNodeConnections>(_ => registry.Ask<ConnectionRegistry.Live>(ConnectionRegistry.GetLive.Instance, settings.GatherTimeout)
            .PipeTo(Sender, success: live => new NodeConnections(node, [.. live.Connections.Select(NodeProcess.From)])));
        Receive<CollectNodeSnapshot>(collect => Context.ActorOf(
            NodeSnapshotCollector.Props(node, collect, Sender, registry, settings), $"snapshot-{collect.SnapshotId}-{Guid.NewGuid():N}"));
        Receive<ListNodeProcessRows>(_ => processes.ReadShardAsync(CancellationToken.None)
            .PipeTo(Sender, success: rows => NodeProcessRows.From(node, rows)));
        Receive<RebuildNodeGraph>(rebuild => history.RebuildAsync(rebuild.AtNs, rebuild.Process, CancellationToken.None)
            .PipeTo(Sender, success: outcome => NodeGraphAnswer.From(node, outcome, settings.MaxRemoteMessageBytes)));
        Receive<RunNodeSql>(run => RunSql(node, sql, run.Sql).PipeTo(Sender));
        Receive<StoreNodeSnapshot>(stored =>
        {
            if (!store.TryWrite(stored.ToRecorded()))
                Context.GetLogger().Warning("snapshot {0} from another node is not stored in this shard: {1}", stored.SnapshotId, StoreOutbox.OverloadedReason);
        });
        Receive<NodeCommitted>(commit =>
        {
            committed.Advance(commit.Cursors);
            committed.Closed(commit.ClosedConnIds);
            // Every node tells the singleton after advancing its own marks, so the node that hosts it has advanced too by the last one.
            cuts.Tell(CursorsCommitted.Instance);
        });
        Receive<SubscribeAck>(_ => { });
    }

    public static Props Props(string node, IActorRef registry, ISqlQueryExecutor sql, ProcessDirectory processes, GraphHistory history, StoreOutbox store, CommitHighWaterMarks committed, IActorRef cuts, ClusterSettings settings) =>
        Akka.Actor.Props.Create(() => new NodeAgent(node, registry, sql, processes, history, store, committed, cuts, settings));

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(CommitsTopic, Self));

    private static async Task<NodeSqlAnswer> RunSql(string node, ISqlQueryExecutor sql, string statement)
    {
        try
        {
            var result = await sql.ExecuteAsync(statement);
            return new NodeSqlAnswer(node, [.. result.Columns], [.. result.Rows], null, null);
        }
        catch (SqlQueryException e)
        {
            return new NodeSqlAnswer(node, [], [], e.Message, SqlProblems.TypeOf(e));
        }
    }
}
