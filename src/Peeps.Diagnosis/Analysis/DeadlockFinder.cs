using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Reports;

namespace Peeps.Diagnosis.Analysis;

/// <summary>
/// Deadlocks are the strongly connected components with two or more nodes, or one node waiting on itself. Each is
/// <c>certain</c> unless a member can be woken by something outside the cycle, which makes it a <c>candidate</c>.
/// </summary>
public static class DeadlockFinder
{
    /// <returns>The deadlocks, longest-blocked first, numbered from 1 in that order; and the deadlock id of every node (0: none).</returns>
    public static (IReadOnlyList<DeadlockReport> Deadlocks, int[] DeadlockOf) Find(
        WaitGraph graph, int[] component, int componentCount, DiagnosisSettings settings)
    {
        var size = new int[componentCount];
        foreach (var c in component) size[c]++;
        var cyclic = new bool[componentCount];
        for (var node = 0; node < graph.NodeCount; node++)
        {
            var c = component[node];
            if (size[c] > 1) cyclic[c] = true;
            else if (graph.Targets.AsSpan(graph.Start[node], graph.OutDegree(node)).Contains(node)) cyclic[c] = true;
        }

        var members = new Dictionary<int, List<int>>();
        for (var node = 0; node < graph.NodeCount; node++)
        {
            if (!cyclic[component[node]]) continue;
            if (!members.TryGetValue(component[node], out var list)) members[component[node]] = list = [];
            list.Add(node);
        }

        var found = members.Values.Select(nodes => Describe(graph, component, nodes, settings)).ToList();
        var ordered = found
            .OrderByDescending(d => d.Report.BlockedForMs ?? -1)
            .ThenByDescending(d => d.Report.MemberCount)
            .ThenBy(d => d.Report.Members[0].ConnId)
            .ThenBy(d => d.Report.Members[0].EntityId, StringComparer.Ordinal)
            .ToList();
        var deadlockOf = new int[graph.NodeCount];
        var reports = new List<DeadlockReport>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            foreach (var node in ordered[i].Nodes) deadlockOf[node] = i + 1;
            reports.Add(ordered[i].Report with { Id = i + 1 });
        }
        return (reports, deadlockOf);
    }

    private static (List<int> Nodes, DeadlockReport Report) Describe(WaitGraph graph, int[] component, List<int> nodes, DiagnosisSettings settings)
    {
        var c = component[nodes[0]];
        var sorted = nodes
            .OrderBy(n => graph.Process(n).Process.ConnId)
            .ThenBy(n => graph.Entity(n).Id, StringComparer.Ordinal)
            .ToList();
        var edges = new List<EdgeView>();
        long? youngest = null;
        var inferred = false;
        var internalEdges = 0;
        foreach (var from in sorted)
        {
            for (var e = graph.Start[from]; e < graph.Start[from + 1]; e++)
            {
                var to = graph.Targets[e];
                if (component[to] != c) continue;
                internalEdges++;
                inferred |= graph.Kinds[e] != WaitEdgeKind.Needs;
                if (graph.EdgeAgeMs(from, to) is { } age) youngest = youngest is { } y ? Math.Min(y, age) : age;
                if (edges.Count < settings.MaxDeadlockMembers * 2) edges.Add(NodeViews.Edge(graph, from, to, graph.Kinds[e]));
            }
        }
        var reasons = WakeableMembers(graph, component, sorted).ToList();
        var connIds = sorted.Select(n => graph.Process(n).Process.ConnId).Distinct().Order().ToList();
        var listed = sorted.Take(settings.MaxDeadlockMembers).Select(n => NodeViews.Of(graph, n)).ToList();
        var report = new DeadlockReport(0, reasons.Count == 0 ? "certain" : "candidate", reasons, connIds.Count > 1, inferred,
            youngest, connIds, sorted.Count, listed, edges, sorted.Count > listed.Count || edges.Count < internalEdges);
        return (nodes, report);
    }

    /// <summary>Members that something outside the cycle can wake, each with the reason.</summary>
    private static IEnumerable<string> WakeableMembers(WaitGraph graph, int[] component, List<int> members)
    {
        var c = component[members[0]];
        foreach (var node in members)
        {
            var entity = graph.Entity(node);
            var where = $"{entity.Kind} {entity.Id} ({entity.Name}) in {graph.Process(node).Process.ProcessName}";
            switch (entity.Kind)
            {
                case "channel_rx":
                    var senders = graph.Channels.OtherEnds(node).Where(tx => component[tx] != c && !graph.Entity(tx).Facts.IsClosed).ToList();
                    if (senders.Count > 0)
                        yield return $"{where} can be woken by its open sender {graph.Entity(senders[0]).Id} outside the cycle";
                    break;
                case "notify" or "semaphore":
                    yield return $"{where} can be released by a task outside the graph";
                    break;
                case var net when net.StartsWith("net_", StringComparison.Ordinal):
                    yield return $"{where} waits on the network, which can complete it";
                    break;
                case "request":
                    var joined = false;
                    for (var e = graph.Start[node]; e < graph.Start[node + 1]; e++) joined |= graph.Kinds[e] == WaitEdgeKind.Rpc;
                    if (!joined) yield return $"{where} has no response joined to it, so its callee is not in the cycle";
                    break;
            }
        }
    }
}
