using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Reports;

namespace Peeps.Diagnosis.Analysis;

/// <summary>
/// Wait chains: from every blocked node that nothing waits on (a head), the waits followed to their ends, as a
/// tree where a node waits on several. Heads are ordered longest-blocked first, then longest chain; depth, count and
/// tree size are bounded and every cut is said.
/// </summary>
public static class WaitChainBuilder
{
    public static (IReadOnlyList<WaitChainReport> Chains, int Total) Build(
        WaitGraph graph, int[] component, int componentCount, int[] deadlockOf, DiagnosisSettings settings)
    {
        var longest = LongestPaths(graph, component, componentCount, deadlockOf);
        var heads = new List<(int Node, long BlockedFor)>();
        for (var node = 0; node < graph.NodeCount; node++)
        {
            if (!graph.IsBlocked(node) || graph.InDegree[node] > 0 || deadlockOf[node] > 0) continue;
            heads.Add((node, BlockedFor(graph, node) ?? -1));
        }
        var chosen = heads
            .OrderByDescending(h => h.BlockedFor)
            .ThenByDescending(h => longest[h.Node])
            .ThenBy(h => graph.Process(h.Node).Process.ConnId)
            .ThenBy(h => graph.Entity(h.Node).Id, StringComparer.Ordinal)
            .Take(settings.MaxChains)
            .Select(h => Chain(graph, deadlockOf, h.Node, longest[h.Node], settings))
            .ToList();
        return (chosen, heads.Count);
    }

    /// <summary>The chain from any node, blocked or not, waited on or not (the console's "why is this waiting?").</summary>
    public static WaitChainReport From(WaitGraph graph, int[] component, int componentCount, int[] deadlockOf, int node, DiagnosisSettings settings) =>
        Chain(graph, deadlockOf, node, LongestPaths(graph, component, componentCount, deadlockOf)[node], settings);

    /// <summary>How long a node has been waiting: its oldest outgoing wait.</summary>
    public static long? BlockedFor(WaitGraph graph, int node)
    {
        long? oldest = null;
        for (var e = graph.Start[node]; e < graph.Start[node + 1]; e++)
            if (graph.EdgeAgeMs(node, graph.Targets[e]) is { } age) oldest = oldest is { } o ? Math.Max(o, age) : age;
        return oldest;
    }

    /// <summary>
    /// Longest path in edges from each node to a root blocker or into a deadlock. Outside deadlocks the graph is
    /// acyclic, and Tarjan numbers components so that edges point to lower numbers: walking components upwards sees
    /// every target before its sources, with no recursion.
    /// </summary>
    private static int[] LongestPaths(WaitGraph graph, int[] component, int componentCount, int[] deadlockOf)
    {
        var order = new int[graph.NodeCount];
        var offsets = new int[componentCount + 1];
        foreach (var c in component) offsets[c + 1]++;
        for (var c = 0; c < componentCount; c++) offsets[c + 1] += offsets[c];
        var fill = (int[])offsets.Clone();
        for (var node = 0; node < graph.NodeCount; node++) order[fill[component[node]]++] = node;

        var longest = new int[graph.NodeCount];
        foreach (var node in order)
        {
            if (deadlockOf[node] > 0) continue;
            var best = 0;
            for (var e = graph.Start[node]; e < graph.Start[node + 1]; e++)
            {
                var target = graph.Targets[e];
                best = Math.Max(best, 1 + (deadlockOf[target] > 0 ? 0 : longest[target]));
            }
            longest[node] = best;
        }
        return longest;
    }

    private static WaitChainReport Chain(WaitGraph graph, int[] deadlockOf, int head, int depth, DiagnosisSettings settings)
    {
        var walk = new Walk(graph, deadlockOf, settings);
        var tree = walk.Visit(head, null, 0);
        var endsIn = (walk.Roots.Count > 0, walk.Deadlocks.Count > 0) switch
        {
            (true, false) => "root_blocker",
            (false, true) => "deadlock",
            (true, true) => "mixed",
            _ => "bound",
        };
        return new WaitChainReport(NodeViews.Of(graph, head), BlockedFor(graph, head), depth, walk.Hops, endsIn,
            walk.Roots, [.. walk.Deadlocks.Order()], walk.Truncated, tree);
    }

    private sealed class Walk(WaitGraph graph, int[] deadlockOf, DiagnosisSettings settings)
    {
        private int _budget = settings.MaxChainNodes;
        private readonly HashSet<int> _rootNodes = [];

        public List<RootBlockerView> Roots { get; } = [];

        public HashSet<int> Deadlocks { get; } = [];

        public int Hops { get; private set; }

        public bool Truncated { get; private set; }

        public ChainNode Visit(int node, ChainLink? via, int depth)
        {
            _budget--;
            var view = NodeViews.Of(graph, node);
            if (deadlockOf[node] > 0)
            {
                Deadlocks.Add(deadlockOf[node]);
                return new ChainNode(view, via, [], null, deadlockOf[node], null);
            }
            if (!graph.IsBlocked(node))
            {
                var reason = RootBlockers.Reason(graph, node);
                if (_rootNodes.Add(node)) Roots.Add(new RootBlockerView(view, reason));
                return new ChainNode(view, via, [], reason, null, null);
            }
            if (depth >= settings.MaxChainDepth)
            {
                Truncated = true;
                return new ChainNode(view, via, [], null, null, "depth");
            }
            var children = new List<ChainNode>();
            string? cut = null;
            for (var e = graph.Start[node]; e < graph.Start[node + 1]; e++)
            {
                if (_budget <= 0)
                {
                    Truncated = true;
                    cut = "size";
                    break;
                }
                var target = graph.Targets[e];
                var hop = graph.NodeProcess[target] != graph.NodeProcess[node];
                if (hop) Hops++;
                var link = new ChainLink(NodeViews.KindName(graph.Kinds[e]), graph.Kinds[e] != WaitEdgeKind.Needs, graph.EdgeAgeMs(node, target), hop);
                children.Add(Visit(target, link, depth + 1));
            }
            return new ChainNode(view, via, children, null, null, cut);
        }
    }
}
