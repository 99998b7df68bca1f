namespace Peeps.Web.History;

/// <summary>
/// Where the graph at a past instant comes from: this node's shard (<see cref="GraphHistory"/>), or in cluster mode
/// every node's shard merged (<see cref="Cluster.ClusterGraphHistory"/>).
/// </summary>
public interface IGraphAtSource
{
    Task<GraphHistory.Outcome> RebuildAsync(long atNs, string? process, CancellationToken cancellation);
}
