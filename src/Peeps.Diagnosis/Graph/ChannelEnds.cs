namespace Peeps.Diagnosis.Graph;

/// <summary>The <c>channel_link</c> structure: for each channel end, the nodes of its other ends (tx to rx and back).</summary>
internal sealed class ChannelEnds
{
    private readonly Dictionary<int, List<int>> _others = [];

    public void Link(int tx, int rx)
    {
        Add(tx, rx);
        Add(rx, tx);
    }

    public IReadOnlyList<int> OtherEnds(int node) => _others.TryGetValue(node, out var ends) ? ends : [];

    private void Add(int from, int to)
    {
        if (!_others.TryGetValue(from, out var ends)) _others[from] = ends = [];
        if (!ends.Contains(to)) ends.Add(to);
    }
}
