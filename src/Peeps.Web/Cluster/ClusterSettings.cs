namespace Peeps.Web.Cluster;

/// <summary>
/// <c>Peeps:Cluster</c>: the same binary joined to other nodes with Akka.Cluster. Off while <see cref="NodeName"/> is
/// empty; then nothing of the cluster is started and the server is the single-node default (docs/scale-out.md).
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>This node's stable name (it names the node in every cluster answer); empty keeps cluster mode off.</summary>
    public string NodeName { get; init; } = "";

    /// <summary>
    /// This node's stable number, 1 to <see cref="ConnectionIdSpace.MaxNodeNumber"/>, unique in the cluster forever:
    /// it is the prefix of every connection id the node hands out, so ids never collide between nodes or restarts.
    /// </summary>
    public int NodeNumber { get; init; }

    /// <summary>Address Akka.Remote binds, an IP literal or host name; other nodes reach this node there.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port Akka.Remote binds (the cluster's own TCP port, not the ingest or HTTP one).</summary>
    public int Port { get; init; } = 4053;

    /// <summary>Akka addresses (<c>akka.tcp://peeps@host:port</c>) of the nodes a starting node joins through.</summary>
    public string[] SeedNodes { get; init; } = [];

    /// <summary>Npgsql connection string of the PostgreSQL database holding the coordinators' journal, shared by all nodes.</summary>
    public string JournalConnectionString { get; init; } = "";

    /// <summary>
    /// <c>keep-majority</c> (default) or <c>static-quorum</c>: the split-brain resolver's strategy. Both need no lease;
    /// static-quorum suits a fixed fleet where <see cref="QuorumSize"/> is known.
    /// </summary>
    public string SplitBrainStrategy { get; init; } = "keep-majority";

    /// <summary>Nodes a side needs to survive under <c>static-quorum</c>; ignored by keep-majority.</summary>
    public int QuorumSize { get; init; } = 2;

    /// <summary>How long membership must be stable before the resolver downs the unreachable side.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>How long a node's heartbeats may pause before other nodes see it as unreachable.</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long an HTTP answer for the cluster waits for each other node; a node that misses it is named as not answering.</summary>
    public TimeSpan GatherTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Largest message between nodes (Akka.Remote's frame): a node's part of a snapshot or of a SQL answer must fit, so
    /// it bounds what one node contributes; a larger part is refused by the sending node and reported.
    /// </summary>
    public int MaxRemoteMessageBytes { get; init; } = 64 * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(NodeName);
}
