using Akka.Actor;
using Peeps.Ingest.Connections;
using Peeps.Storage.Processes;
using Peeps.Storage.Writing;
using Peeps.Web.History;
using Peeps.Web.Processes;

namespace Peeps.Web.Cluster;

// The protocol between nodes: plain records of primitives, arrays and actor refs, which Akka's default serializer carries.

/// <summary>A connection of one node as other nodes see it; <paramref name="Actor"/> is a remote ref to its connection actor.</summary>
public sealed record NodeProcess(long ConnId, string ProcessName, uint Pid, long ConnectedAtNs, IActorRef Actor)
{
    public static NodeProcess From(LiveConnection c) => new(c.ConnId, c.ProcessName, c.Pid, c.ConnectedAtNs, c.Actor);

    public LiveConnection ToLive() => new(ConnId, ProcessName, Pid, ConnectedAtNs, Actor);
}

/// <summary>Answered with <see cref="NodeConnections"/>.</summary>
public sealed record ListNodeConnections
{
    public static readonly ListNodeConnections Instance = new();
}

public sealed record NodeConnections(string Node, NodeProcess[] Processes);

/// <summary>
/// Ask this node's connections for a snapshot. Answered at once with <see cref="NodeSnapshotAccepted"/> (whom it
/// asked, so a node lost afterwards can still be reported with its processes), then with <see cref="NodeSnapshotPart"/>.
/// </summary>
public sealed record CollectNodeSnapshot(long SnapshotId, long TimeoutMs);

public sealed record NodeSnapshotAccepted(string Node, long SnapshotId, NodeProcess[] Processes);

public sealed record NodeSnapshotReply(long ConnId, ulong PtimeNowMs, byte[]? Snapshot, double RepliedAfterMs);

/// <param name="Error">Set when the node could not send its part (its replies would not fit in one remote message).</param>
public sealed record NodeSnapshotPart(string Node, long SnapshotId, NodeSnapshotReply[] Replies, long[] TimedOut, long[] Disconnected, string? Error);

/// <summary>A finished snapshot, so every node's shard holds it and any node can read it back or diagnose it.</summary>
public sealed record StoreNodeSnapshot(
    long SnapshotId, long RequestedAtNs, long CompletedAtNs, long TimeoutMs, int RequestedConnections, int Replied, int TimedOut, byte[] ResultJson)
{
    public static StoreNodeSnapshot From(SnapshotRecorded r) =>
        new(r.SnapshotId, r.RequestedAtNs, r.CompletedAtNs, r.TimeoutMs, r.RequestedConnections, r.Replied, r.TimedOut, r.ResultJson.ToArray());

    public SnapshotRecorded ToRecorded() =>
        new(SnapshotId, RequestedAtNs, CompletedAtNs, TimeoutMs, RequestedConnections, Replied, TimedOut, ResultJson);
}

/// <summary>Run a read-only statement on this node's shard; answered with <see cref="NodeSqlAnswer"/>.</summary>
public sealed record RunNodeSql(string Sql);

/// <param name="ErrorType">The problem type the node's own SQL surface gave the error, when there was one.</param>
public sealed record NodeSqlAnswer(string Node, string[] Columns, object?[][] Rows, string? Error, string? ErrorType);

/// <summary>A node's writer committed these cursors and passed these closes; every node's cut bookkeeping learns of it.</summary>
public sealed record NodeCommitted(CommittedCursor[] Cursors, long[] ClosedConnIds);

/// <summary>This node's connection rows, for <c>/api/processes</c> across the cluster; answered with <see cref="NodeProcessRows"/>.</summary>
public sealed record ListNodeProcessRows
{
    public static readonly ListNodeProcessRows Instance = new();
}

/// <param name="OpenConnIds">The node's open connections, paired by index with <paramref name="OpenEntities"/>.</param>
public sealed record NodeProcessRows(string Node, ConnectionRecord[] Connections, long[] OpenConnIds, long[] OpenEntities, bool Truncated)
{
    public static NodeProcessRows From(string node, ProcessDirectory.ShardRows rows) => new(
        node, [.. rows.Connections], [.. rows.OpenEntityCounts.Keys], [.. rows.OpenEntityCounts.Values], rows.Truncated);

    public ProcessDirectory.ShardRows ToShardRows() =>
        new(Connections, OpenConnIds.Zip(OpenEntities).ToDictionary(p => p.Item1, p => p.Item2), Truncated);
}

/// <summary>Rebuild this node's shard's graph at an instant; answered with <see cref="NodeGraphAnswer"/>.</summary>
public sealed record RebuildNodeGraph(long AtNs, string? Process);

/// <summary>The shard's rebuilt document, or why there is none (<paramref name="Busy"/>: retry; <paramref name="Refused"/>: a bound).</summary>
public sealed record NodeGraphAnswer(string Node, byte[]? Json, string? Busy, string? Refused)
{
    // Room for the answer's own fields and the serializer's encoding of the document (base64 grows bytes by a third).
    private const long Envelope = 64 * 1024;

    public static NodeGraphAnswer From(string node, GraphHistory.Outcome outcome, long maxRemoteMessageBytes) => outcome switch
    {
        GraphHistory.Rebuilt rebuilt when rebuilt.Json.LongLength * 4 / 3 + Envelope > maxRemoteMessageBytes => new(node, null, null,
            $"node {node}'s graph ({rebuilt.Json.Length} bytes) does not fit in one message between nodes (Peeps:Cluster:MaxRemoteMessageBytes = {maxRemoteMessageBytes}); narrow it with process="),
        GraphHistory.Rebuilt rebuilt => new(node, rebuilt.Json, null, null),
        GraphHistory.Busy busy => new(node, null, $"node {node}: {busy.Reason}", null),
        GraphHistory.Refused refused => new(node, null, null, $"node {node}: {refused.Reason}"),
        _ => throw new InvalidOperationException($"unexpected rebuild outcome {outcome.GetType().Name}"),
    };
}
