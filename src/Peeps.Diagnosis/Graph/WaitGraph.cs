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
        var age = (_ages ??= Ages())[node];
        return age >= 0 ? age : null;
    }

    /// <summary>Every node's age, worked out once: each wait edge asks for two, and a rule or two walks every edge.</summary>
    private long[] Ages()
    {
        var ages = new long[NodeCount];
        for (var node = 0; node < NodeCount; node++)
            ages[node] = NodeEntity[node].Birth is { } birth ? Math.Max(0, Process(node).PtimeNowMs - birth) : -1;
        return ages;
    }

    private long[]? _ages;

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

    /// <summary>What the node waits on.</summary>
    public IEnumerable<WaitEdge> Waits(int node)
    {
        for (var e = Start[node]; e < Start[node + 1]; e++) yield return new WaitEdge(node, Targets[e], Kinds[e]);
    }

    /// <summary>What waits on the node (an index of incoming edges is built on first use).</summary>
    public IEnumerable<WaitEdge> Waiters(int node)
    {
        _incoming ??= BuildIncoming();
        foreach (var e in _incoming[node]) yield return new WaitEdge(SourceOf(e), node, Kinds[e]);
    }

    /// <summary>The other ends of a channel end (tx to rx and back), from <c>channel_link</c> edges.</summary>
    public IReadOnlyList<int> OtherChannelEnds(int node) => Channels.OtherEnds(node);

    private List<int>[]? _incoming;

    private List<int>[] BuildIncoming()
    {
        var incoming = new List<int>[NodeCount];
        for (var v = 0; v < NodeCount; v++) incoming[v] = [];
        for (var e = 0; e < Targets.Length; e++) incoming[Targets[e]].Add(e);
        return incoming;
    }

    private int SourceOf(int edge)
    {
        // Start is sorted: the source is the last node whose first edge is at or before this one.
        var index = Array.BinarySearch(Start, edge);
        if (index < 0) return ~index - 1;
        while (index + 1 < Start.Length && Start[index + 1] == edge) index++;
        return index;
    }
}

/// <summary>A wait edge by node numbers: <paramref name="From"/> waits for <paramref name="To"/>.</summary>
public readonly record struct WaitEdge(int From, int To, WaitEdgeKind Kind);
