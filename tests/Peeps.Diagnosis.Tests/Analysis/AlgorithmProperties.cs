using FsCheck.Xunit;
using Peeps.Diagnosis.Tests.Support;

namespace Peeps.Diagnosis.Tests.Analysis;

/// <summary>
/// The cycle and chain algorithms against brute force on random graphs: reachability by repeated closure, which is
/// too slow for real snapshots and too simple to be wrong.
/// </summary>
public sealed class AlgorithmProperties
{
    private static readonly DiagnosisSettings Unbounded = new()
    {
        MaxChainDepth = 1000, MaxChains = 10_000, MaxChainNodes = 1_000_000, MaxDeadlockMembers = 1000,
    };

    /// <summary>A graph of up to 12 futures in one process; each byte pair of <paramref name="edgeBytes"/> is an edge.</summary>
    private static (int Nodes, bool[,] Edge) Graph(byte size, byte[] edgeBytes)
    {
        var n = 1 + size % 12;
        var edge = new bool[n, n];
        for (var i = 0; i + 1 < edgeBytes.Length; i += 2) edge[edgeBytes[i] % n, edgeBytes[i + 1] % n] = true;
        return (n, edge);
    }

    private static Reports.DiagnosisReport DiagnoseGraph(int n, bool[,] edge) => Diagnose.Of(new SnapshotBuilder().Process(1, "p", p =>
    {
        for (var v = 0; v < n; v++) p.Future($"n{v:D2}");
        for (var v = 0; v < n; v++)
            for (var w = 0; w < n; w++)
                if (edge[v, w]) p.Needs($"n{v:D2}", $"n{w:D2}");
    }), Unbounded);

    private static bool[,] Reach(int n, bool[,] edge)
    {
        var reach = (bool[,])edge.Clone();
        for (var k = 0; k < n; k++)
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                    reach[i, j] |= reach[i, k] && reach[k, j];
        return reach;
    }

    [Property(MaxTest = 300)]
    public void Deadlocks_are_exactly_the_groups_of_nodes_on_a_common_cycle(byte size, byte[] edgeBytes)
    {
        var (n, edge) = Graph(size, edgeBytes);
        var reach = Reach(n, edge);
        var expected = new HashSet<string>();
        for (var v = 0; v < n; v++)
        {
            if (!reach[v, v]) continue;
            var group = Enumerable.Range(0, n).Where(w => reach[v, w] && reach[w, v]).Select(w => $"1:n{w:D2}");
            expected.Add(string.Join(",", group));
        }

        var report = DiagnoseGraph(n, edge);

        Assert.Equal(expected.Order(), report.Deadlocks.Select(d => string.Join(",", Diagnose.Members(d))).Order());
    }

    [Property(MaxTest = 300)]
    public void Each_chain_starts_at_a_blocked_node_nothing_waits_on_and_ends_at_what_it_can_reach(byte size, byte[] edgeBytes)
    {
        var (n, edge) = Graph(size, edgeBytes);
        var reach = Reach(n, edge);
        bool Blocked(int v) => Enumerable.Range(0, n).Any(w => edge[v, w]);
        bool WaitedOn(int v) => Enumerable.Range(0, n).Any(u => edge[u, v]);
        bool Cyclic(int v) => reach[v, v];
        var heads = Enumerable.Range(0, n).Where(v => Blocked(v) && !WaitedOn(v)).ToList();

        var report = DiagnoseGraph(n, edge);

        Assert.Equal(heads.Select(v => $"1:n{v:D2}").Order(), report.WaitChains.Select(c => Diagnose.Key(c.Head)).Order());
        foreach (var chain in report.WaitChains)
        {
            var head = int.Parse(chain.Head.EntityId[1..]);
            // Roots: the nodes that wait on nothing, reachable from the head without passing through a deadlock.
            var roots = new HashSet<int>();
            var seen = new HashSet<int> { head };
            var frontier = new Stack<int>([head]);
            var deadlocksEntered = 0;
            while (frontier.Count > 0)
            {
                var v = frontier.Pop();
                if (Cyclic(v)) { deadlocksEntered++; continue; }
                if (!Blocked(v)) { roots.Add(v); continue; }
                for (var w = 0; w < n; w++)
                    if (edge[v, w] && seen.Add(w)) frontier.Push(w);
            }
            Assert.Equal(roots.Select(v => $"1:n{v:D2}").Order(), chain.Roots.Select(r => Diagnose.Key(r.Entity)).Order());
            Assert.Equal(deadlocksEntered > 0, chain.DeadlockIds.Count > 0);
            Assert.False(chain.Truncated);
        }
    }

    [Property(MaxTest = 300)]
    public void Chain_depth_is_the_longest_path_to_a_root_or_into_a_deadlock(byte size, byte[] edgeBytes)
    {
        var (n, edge) = Graph(size, edgeBytes);
        var reach = Reach(n, edge);
        int Longest(int v) => reach[v, v] || !Enumerable.Range(0, n).Any(w => edge[v, w])
            ? 0
            : Enumerable.Range(0, n).Where(w => edge[v, w]).Max(w => 1 + Longest(w));

        var report = DiagnoseGraph(n, edge);

        foreach (var chain in report.WaitChains)
            Assert.Equal(Longest(int.Parse(chain.Head.EntityId[1..])), chain.Depth);
    }
}
