using Peeps.Web.Api;

namespace Peeps.Web.Cluster;

/// <summary><c>GET /api/connections</c> in cluster mode: every node's connections, and the nodes that did not answer.</summary>
public static class ClusterConnectionsEndpoints
{
    /// <summary>The contract's process members, plus the node holding the connection.</summary>
    public sealed record ClusterProcessView(long ConnId, string ProcessName, uint Pid, string Node);

    public sealed record NodeView(string Node, int ConnectedProcesses);

    public sealed record UnansweredNodeView(string Node, string Reason);

    /// <summary>The contract's members first; <c>nodes</c> and <c>unanswered_nodes</c> are cluster mode's.</summary>
    public sealed record ClusterConnectionsView(
        int ConnectedProcesses, IReadOnlyList<ClusterProcessView> Processes, IReadOnlyList<NodeView> Nodes, IReadOnlyList<UnansweredNodeView> UnansweredNodes);

    public static IEndpointRouteBuilder MapClusterConnections(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/connections").MapGet("/", GetConnections);
        return routes;
    }

    private static async Task<ClusterConnectionsView> GetConnections(ClusterGather gather, CancellationToken cancellation)
    {
        var answers = await gather.AskAllAsync<NodeConnections>(ListNodeConnections.Instance, cancellation);
        foreach (var answer in answers)
            if (answer.Answer is { } listed) gather.View.Remember(answer.Node, listed.Processes);
        // The order a single node lists them in: process name, pid, conn id.
        var processes = answers
            .SelectMany(a => (a.Answer?.Processes ?? []).Select(p => new ClusterProcessView(p.ConnId, p.ProcessName, p.Pid, a.Node)))
            .OrderBy(p => p.ProcessName, StringComparer.Ordinal).ThenBy(p => p.Pid).ThenBy(p => p.ConnId)
            .ToList();
        return new ClusterConnectionsView(
            processes.Count,
            processes,
            [.. answers.Where(a => a.Answer is not null).Select(a => new NodeView(a.Node, a.Answer!.Processes.Length))],
            [.. answers.Where(a => a.Answer is null).Select(a => new UnansweredNodeView(a.Node, a.Failure!))]);
    }
}
