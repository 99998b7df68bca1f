namespace Peeps.Web.Cluster;

/// <summary>
/// Connection ids in a cluster: node number times 2^40 plus the node's own counter. A node counts on from the highest
/// id its shard file holds, as a single node does, so its ids never repeat across restarts; distinct node numbers
/// keep ids apart between nodes without any coordination. The largest id stays below 2^53, so JavaScript reads it exactly.
/// </summary>
public static class ConnectionIdSpace
{
    public const int Shift = 40;

    public const int MaxNodeNumber = (1 << (53 - Shift)) - 1;

    public static long FirstOf(int nodeNumber) => (long)nodeNumber << Shift;

    public static int NodeOf(long connId) => (int)(connId >> Shift);

    /// <summary>The id before the node's next one: its highest stored id, or the start of its range when the shard has none of it.</summary>
    /// <exception cref="InvalidOperationException">The shard holds ids of another node number: it was started with a different number.</exception>
    public static long LastUsed(int nodeNumber, long highestStored)
    {
        if (highestStored >= FirstOf(nodeNumber + 1))
            throw new InvalidOperationException(
                $"the shard holds connection id {highestStored}, above node number {nodeNumber}'s range: a node keeps its Peeps:Cluster:NodeNumber for the life of its shard");
        return Math.Max(highestStored, FirstOf(nodeNumber));
    }
}
