using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Graph;

/// <summary>
/// The wait-for graph of one snapshot: a node per entity of every process that replied, an edge per "X waits for Y",
/// stored as compressed adjacency (targets of node v are <c>Targets[Start[v]..Start[v+1]]</c>, sorted) so graphs of
/// hundreds of thousands of nodes cost a few arrays.
/// </summary>
public sealed class WaitGraph
{
    internal WaitGraph(
        SnapshotDocument document,
        int[] nodeProcess,
        EntityInfo[] nodeEntity,
        int[] start,
        int[] targets,
        WaitEdgeKind[] kinds,
        ChannelEnds channels,
        IReadOnlyList<UnresolvedRpcLink> unresolved,
        int danglingCount,
        IReadOnlyList<DanglingEdge> danglingSamples,
        Func<int, string, int> find)
    {
        Document = document;
        NodeProcess = nodeProcess;
        NodeEntity = nodeEntity;
        Start = start;
        Targets = targets;
        Kinds = kinds;
        Channels = channels;
        Unresolved = unresolved;
        DanglingCount = danglingCount;
        DanglingSamples = danglingSamples;
        _find = find;
        InDegree = new int[nodeEntity.Length];
        foreach (var target in targets) InDegree[target]++;
    }

    private readonly Func<int, string, int> _find;

    public SnapshotDocument Document { get; }

    public int NodeCount => NodeEntity.Length;

    public int EdgeCount => Targets.Length;

    internal int[] NodeProcess { get; }

    internal EntityInfo[] NodeEntity { get; }

    internal int[] Start { get; }

    internal int[] Targets { get; }

    internal WaitEdgeKind[] Kinds { get; }

    internal int[] InDegree { get; }

    internal ChannelEnds Channels { get; }

    public IReadOnlyList<UnresolvedRpcLink> Unresolved { get; }

    public int DanglingCount { get; }

    public IReadOnlyList<DanglingEdge> DanglingSamples { get; }

    public EntityInfo Entity(int node) => NodeEntity[node];

    public ProcessSnapshot Process(int node) => Document.Processes[NodeProcess[node]];

    public int OutDegree(int node) => Start[node + 1] - Start[node];

    /// <summary>The node of entity <paramref name="entityId"/> in the process at <paramref name="processIndex"/>, or -1.</summary>
    public int Find(int processIndex, string entityId) => _find(processIndex, entityId);

    /// <summary>How long the entity has existed, by its own process's clock; null when its birth is unknown.</summary>
    public long? AgeMs(int node)
    {
        var birth = NodeEntity[node].Birth;
        return birth is { } b ? Math.Max(0, Process(node).PtimeNowMs - b) : null;
    }

    /// <summary>
    /// The age of a wait edge: a wait cannot be older than either of its ends, so it is the younger end's age (for a
    /// wrapper future waiting on a long-lived resource, the wrapper's, which is how long the wait has lasted).
    /// </summary>
    public long? EdgeAgeMs(int from, int to) => (AgeMs(from), AgeMs(to)) switch
    {
        ({ } a, { } b) => Math.Min(a, b),
        ({ } a, null) => a,
        (null, var b) => b,
    };

    public bool IsBlocked(int node) => OutDegree(node) > 0;
}
