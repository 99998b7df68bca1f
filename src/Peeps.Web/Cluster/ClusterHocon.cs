using System.Globalization;

namespace Peeps.Web.Cluster;

/// <summary>Akka.Remote, Akka.Cluster and the split-brain resolver for a node of the cluster.</summary>
public static class ClusterHocon
{
    public const string NodeRolePrefix = "peeps-node:";

    public static string For(ClusterSettings settings)
    {
        var seeds = string.Join(", ", settings.SeedNodes.Select(Quote));
        var pause = Ms(settings.AcceptableHeartbeatPause);
        var records = string.Join(Environment.NewLine, RecordSerializer.Types.Select(t => $"{Quote(t.AssemblyQualifiedName!)} = peeps-records"));
        // The resolver is Akka's own; without a downing provider an unreachable node is never removed, so the
        // singletons would never move off a dead node.
        return $$"""
            akka {
              actor {
                provider = cluster
                serializers.peeps-snapshot-taken = "{{typeof(SnapshotTakenSerializer).AssemblyQualifiedName}}"
                serializers.peeps-records = "{{typeof(RecordSerializer).AssemblyQualifiedName}}"
                serialization-bindings {
                  "{{typeof(Peeps.Ingest.Snapshots.SnapshotTaken).AssemblyQualifiedName}}" = peeps-snapshot-taken
                  {{records}}
                }
              }
              remote {
                dot-netty.tcp {
                  hostname = {{Quote(settings.Host)}}
                  port = {{settings.Port}}
                  maximum-frame-size = {{settings.MaxRemoteMessageBytes}}b
                  send-buffer-size = {{settings.MaxRemoteMessageBytes + 65536}}b
                  receive-buffer-size = {{settings.MaxRemoteMessageBytes + 65536}}b
                }
                watch-failure-detector.acceptable-heartbeat-pause = {{pause}}
              }
              cluster {
                seed-nodes = [{{seeds}}]
                roles = [{{Quote(NodeRolePrefix + settings.NodeName)}}]
                failure-detector.acceptable-heartbeat-pause = {{pause}}
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = {{settings.SplitBrainStrategy}}
                  stable-after = {{Ms(settings.StableAfter)}}
                  down-all-when-unstable = off
                  static-quorum.quorum-size = {{settings.QuorumSize}}
                }
              }
            }
            """;
    }

    private static string Ms(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
