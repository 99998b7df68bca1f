using Peeps.Web.Cluster;

namespace Peeps.Web.Configuration;

/// <summary>
/// <c>Peeps:Cluster</c>: nothing is checked while cluster mode is off (the defaults must not stop a single node);
/// once a node name is given, everything a node needs to join and coordinate must be there and in range.
/// </summary>
internal static class ClusterSettingsValidator
{
    private static readonly string[] Strategies = ["keep-majority", "static-quorum"];

    public static void Check(List<string> failures, ClusterSettings cluster)
    {
        if (!cluster.Enabled) return;
        const string Key = PeepsOptions.Section + ":Cluster:";
        if (cluster.NodeName.Any(c => char.IsWhiteSpace(c) || c is '"' or '\\'))
            failures.Add($"{Key}NodeName must have no spaces, quotes or backslashes (got '{cluster.NodeName}')");
        PeepsOptionsValidator.Check(failures, "Cluster:NodeNumber", cluster.NodeNumber, 1, ConnectionIdSpace.MaxNodeNumber);
        PeepsOptionsValidator.Check(failures, "Cluster:Port", cluster.Port, 1, 65535);
        if (cluster.SeedNodes.Length == 0)
            failures.Add($"{Key}SeedNodes must list at least one node (akka.tcp://peeps@host:port), this node's own address to start a new cluster");
        foreach (var seed in cluster.SeedNodes)
            if (!seed.StartsWith("akka.tcp://peeps@", StringComparison.Ordinal))
                failures.Add($"{Key}SeedNodes entries look like akka.tcp://peeps@host:port (got '{seed}')");
        if (string.IsNullOrWhiteSpace(cluster.JournalConnectionString))
            failures.Add($"{Key}JournalConnectionString is required in cluster mode: the coordinators' journal is on PostgreSQL, shared by all nodes");
        if (!Strategies.Contains(cluster.SplitBrainStrategy))
            failures.Add($"{Key}SplitBrainStrategy must be one of {string.Join(", ", Strategies)} (got '{cluster.SplitBrainStrategy}')");
        PeepsOptionsValidator.Check(failures, "Cluster:QuorumSize", cluster.QuorumSize, 1, 1000);
        PeepsOptionsValidator.Check(failures, "Cluster:StableAfter", cluster.StableAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        PeepsOptionsValidator.Check(failures, "Cluster:AcceptableHeartbeatPause", cluster.AcceptableHeartbeatPause, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        PeepsOptionsValidator.Check(failures, "Cluster:GatherTimeout", cluster.GatherTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        PeepsOptionsValidator.Check(failures, "Cluster:MaxRemoteMessageBytes", cluster.MaxRemoteMessageBytes, 256 * 1024, 1024 * 1024 * 1024);
    }
}
