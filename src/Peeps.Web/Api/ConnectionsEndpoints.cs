using Akka.Actor;
using Akka.Hosting;
using Peeps.Ingest.Connections;

namespace Peeps.Web.Api;

public static class ConnectionsEndpoints
{
    public sealed record ProcessView(long ConnId, string ProcessName, uint Pid);

    public sealed record ConnectionsView(int ConnectedProcesses, IReadOnlyList<ProcessView> Processes);

    public static IEndpointRouteBuilder MapConnections(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/connections").MapGet("/", GetConnections)
            .WithName("ListConnections").WithSummary("Connected processes and their stream cursors (upstream contract)");
        return routes;
    }

    private static async Task<ConnectionsView> GetConnections(IRequiredActor<ConnectionRegistry> registry, ApiSettings timeouts, CancellationToken cancellation)
    {
        var live = await registry.ActorRef.Ask<ConnectionRegistry.Live>(ConnectionRegistry.GetLive.Instance, timeouts.Actor, cancellation);
        return new ConnectionsView(
            live.Connections.Length,
            [.. live.Connections.Select(c => new ProcessView(c.ConnId, c.ProcessName, c.Pid))]);
    }
}
