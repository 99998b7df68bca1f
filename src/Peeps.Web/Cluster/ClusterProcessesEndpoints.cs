using Peeps.Web.Api;
using Peeps.Web.Processes;
using static Peeps.Web.Cluster.ClusterConnectionsEndpoints;

namespace Peeps.Web.Cluster;

/// <summary>
/// <c>GET /api/processes</c> in cluster mode: the single node's grouping rule over every node's connection rows, so a
/// process that reconnected to another node (its node was lost, or a load balancer moved it) is one process.
/// </summary>
public static class ClusterProcessesEndpoints
{
    /// <summary>The single node's members first; <c>nodes</c> and <c>unanswered_nodes</c> are cluster mode's.</summary>
    public sealed record ClusterProcessesView(
        int ConnectedProcesses,
        bool Truncated,
        IReadOnlyList<ProcessesEndpoints.ProcessView> Processes,
        IReadOnlyList<NodeView> Nodes,
        IReadOnlyList<UnansweredNodeView> UnansweredNodes);

    public static IEndpointRouteBuilder MapClusterProcesses(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/processes").MapGet("/", GetProcesses)
            .WithName("ListProcesses").WithSummary("Each process once across its reconnections and the cluster's nodes");
        return routes;
    }

    private static async Task<ClusterProcessesView> GetProcesses(ClusterGather gather, ProcessDirectory directory, CancellationToken cancellation)
    {
        var answers = await gather.AskAllAsync<NodeProcessRows>(ListNodeProcessRows.Instance, cancellation);
        var answered = answers.Where(a => a.Answer is not null).Select(a => a.Answer!).ToList();
        var single = ProcessesEndpoints.View(directory.Group(answered.Select(a => a.ToShardRows())));
        return new ClusterProcessesView(
            single.ConnectedProcesses,
            single.Truncated,
            single.Processes,
            [.. answered.Select(a => new NodeView(a.Node, a.Connections.Count(c => c.DisconnectedAtNs is null)))],
            [.. answers.Where(a => a.Answer is null).Select(a => new UnansweredNodeView(a.Node, a.Failure!))]);
    }
}
