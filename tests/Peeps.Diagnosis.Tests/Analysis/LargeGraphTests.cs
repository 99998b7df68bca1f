using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Tests.Analysis;

/// <summary>The algorithms are iterative: a chain and a cycle each a hundred thousand long must not overflow the stack.</summary>
public sealed class LargeGraphTests
{
    private static EntityInfo Future(string id) => new(id, id, 0, null, "future", "\"future\"", EntityFacts.None);

    [Fact]
    public void A_chain_of_100k_waits_and_a_cycle_of_100k_are_diagnosed()
    {
        const int n = 100_000;
        var chain = Enumerable.Range(0, n).Select(i => Future($"c{i}")).ToList();
        var chainEdges = Enumerable.Range(0, n - 1).Select(i => new EdgeInfo($"c{i}", $"c{i + 1}", EdgeInfo.Needs)).ToList();
        var cycle = Enumerable.Range(0, n).Select(i => Future($"k{i}")).ToList();
        var cycleEdges = Enumerable.Range(0, n).Select(i => new EdgeInfo($"k{i}", $"k{(i + 1) % n}", EdgeInfo.Needs)).ToList();
        var document = new SnapshotDocument(1, 0,
        [
            new ProcessSnapshot(new ProcessRef(1, "chain", 1), 10, chain, chainEdges),
            new ProcessSnapshot(new ProcessRef(2, "cycle", 2), 10, cycle, cycleEdges),
        ], []);

        var report = Diagnoser.Diagnose(WaitGraphBuilder.Build(document), new DiagnosisSettings());

        var deadlock = Assert.Single(report.Deadlocks);
        Assert.Equal(n, deadlock.MemberCount);
        var head = Assert.Single(report.WaitChains);
        Assert.Equal("c0", head.Head.EntityId);
        Assert.Equal(n - 1, head.Depth);
        Assert.True(head.Truncated);
    }
}
