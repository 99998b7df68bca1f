using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Graph;

/// <summary>
/// Builds the wait-for graph of a snapshot by the rules of the diagnosis spec: every <c>needs</c> edge, except a
/// future's <c>needs</c> on a response of its own process, which is turned round (the response waits for the work
/// on it); every <c>rpc_link</c> joined to the caller's request in another process; edges with a missing end left
/// out and counted.
/// </summary>
public static class WaitGraphBuilder
{
    private const int MaxDanglingSamples = 20;

    public static WaitGraph Build(SnapshotDocument document)
    {
        var total = document.Processes.Sum(p => p.Entities.Count);
        var nodeProcess = new int[total];
        var nodeEntity = new EntityInfo[total];
        var lookups = new Dictionary<string, int>[document.Processes.Count];
        var node = 0;
        for (var p = 0; p < document.Processes.Count; p++)
        {
            var entities = document.Processes[p].Entities;
            var lookup = lookups[p] = new Dictionary<string, int>(entities.Count, StringComparer.Ordinal);
            foreach (var entity in entities)
            {
                nodeProcess[node] = p;
                nodeEntity[node] = entity;
                // A process repeating an id is malformed; the first entity keeps it, so answers stay deterministic.
                lookup.TryAdd(entity.Id, node);
                node++;
            }
        }

        int Find(int process, string id) => lookups[process].TryGetValue(id, out var n) ? n : -1;

        var edges = new List<(int From, int To, WaitEdgeKind Kind)>();
        var channels = new ChannelEnds();
        var dangling = new List<DanglingEdge>();
        var danglingCount = 0;
        var resolver = new RpcLinkResolver(document, nodeEntity, nodeProcess);
        var unresolved = new List<UnresolvedRpcLink>();

        void Dangle(int process, EdgeInfo edge)
        {
            danglingCount++;
            if (dangling.Count < MaxDanglingSamples) dangling.Add(new DanglingEdge(process, edge.Src, edge.Dst, edge.Kind));
        }

        for (var p = 0; p < document.Processes.Count; p++)
        {
            foreach (var edge in document.Processes[p].Edges)
            {
                switch (edge.Kind)
                {
                    case EdgeInfo.Needs:
                    {
                        int src = Find(p, edge.Src), dst = Find(p, edge.Dst);
                        if (src < 0 || dst < 0) { Dangle(p, edge); break; }
                        if (nodeEntity[dst].Kind == "response" && nodeEntity[src].Kind == "future")
                            edges.Add((dst, src, WaitEdgeKind.WorksOn));
                        else
                            edges.Add((src, dst, WaitEdgeKind.Needs));
                        break;
                    }
                    case EdgeInfo.RpcLink:
                    {
                        var response = Find(p, edge.Dst);
                        if (response < 0) { Dangle(p, edge); break; }
                        var outcome = resolver.Resolve(p, edge.Src, response);
                        if (outcome.Request >= 0) edges.Add((outcome.Request, response, WaitEdgeKind.Rpc));
                        else unresolved.Add(outcome.Unresolved!);
                        break;
                    }
                    case EdgeInfo.ChannelLink:
                    {
                        int tx = Find(p, edge.Src), rx = Find(p, edge.Dst);
                        if (tx >= 0 && rx >= 0) channels.Link(tx, rx);
                        break;
                    }
                }
            }
        }

        var (start, targets, kinds) = Compress(total, edges);
        return new WaitGraph(document, nodeProcess, nodeEntity, start, targets, kinds, channels, unresolved, danglingCount, dangling, Find);
    }

    /// <summary>
    /// Places the edges by source with a counting sort, then sorts each node's few targets. Where a pair appears twice
    /// (a process that says both <c>response needs future</c> and <c>future needs response</c>), one edge stays, the
    /// process's own first.
    /// </summary>
    private static (int[] Start, int[] Targets, WaitEdgeKind[] Kinds) Compress(int nodes, List<(int From, int To, WaitEdgeKind Kind)> edges)
    {
        var offsets = new int[nodes + 1];
        foreach (var edge in edges) offsets[edge.From + 1]++;
        for (var v = 0; v < nodes; v++) offsets[v + 1] += offsets[v];
        // Each slot holds (to, kind) as one number, so sorting a node's slots orders targets, then the process's own kind first.
        var slots = new long[edges.Count];
        var fill = (int[])offsets.Clone();
        foreach (var (from, to, kind) in edges) slots[fill[from]++] = ((long)to << 2) | (long)kind;

        var start = new int[nodes + 1];
        var targets = new List<int>(edges.Count);
        var kinds = new List<WaitEdgeKind>(edges.Count);
        for (var v = 0; v < nodes; v++)
        {
            var mine = slots.AsSpan(offsets[v], offsets[v + 1] - offsets[v]);
            mine.Sort();
            var previous = -1;
            foreach (var slot in mine)
            {
                var to = (int)(slot >> 2);
                if (to == previous) continue;
                previous = to;
                targets.Add(to);
                kinds.Add((WaitEdgeKind)(slot & 3));
            }
            start[v + 1] = targets.Count;
        }
        return (start, targets.ToArray(), kinds.ToArray());
    }
}
