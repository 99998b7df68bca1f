using Microsoft.AspNetCore.Http.HttpResults;
using Peeps.Storage.Processes;
using Peeps.Web.Processes;

namespace Peeps.Web.Api;

/// <summary>
/// <c>GET /api/processes</c>: each process once, however often it reconnected, with its connection history and its
/// current state. <c>/api/connections</c> (the contract's, one entry per live connection) is unchanged.
/// </summary>
public static class ProcessesEndpoints
{
    public sealed record ConnectionView(long ConnId, long ConnectedAtNs, long? DisconnectedAtNs);

    /// <param name="CurrentConnId">The newest connection: the one whose rows are the process's current state.</param>
    /// <param name="Entities">Entities the current connection holds; null when the process is not connected.</param>
    public sealed record ProcessView(
        string ProcessName,
        long Pid,
        bool Connected,
        long CurrentConnId,
        long FirstConnectedAtNs,
        long? DisconnectedAtNs,
        int Reconnections,
        long? Entities,
        IReadOnlyList<ConnectionView> Connections);

    /// <param name="Truncated">Only the newest <c>Peeps:Processes:MaxConnectionRows</c> connection rows were read.</param>
    public sealed record ProcessesView(int ConnectedProcesses, bool Truncated, IReadOnlyList<ProcessView> Processes);

    public static IEndpointRouteBuilder MapProcesses(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/processes").MapGet("/", (ProcessDirectory directory, CancellationToken cancellation) =>
            OwnReads.Guarded<Ok<ProcessesView>>(async () => TypedResults.Ok(View(await directory.ListAsync(cancellation)))))
            .WithName("ListProcesses").WithSummary("Each process once across its reconnections, with its connection history");
        return routes;
    }

    internal static ProcessesView View(ProcessDirectory.Listing listing) => new(
        listing.Processes.Count(p => p.Connected),
        listing.Truncated,
        [.. listing.Processes.Select(p => View(p, listing.EntityCounts))]);

    private static ProcessView View(ProcessRecord process, IReadOnlyDictionary<long, long> entities) => new(
        process.ProcessName,
        process.Pid,
        process.Connected,
        process.Current.ConnId,
        process.Connections[0].ConnectedAtNs,
        process.Current.DisconnectedAtNs,
        process.Connections.Count - 1,
        process.Connected ? entities.GetValueOrDefault(process.Current.ConnId) : null,
        [.. process.Connections.Select(c => new ConnectionView(c.ConnId, c.ConnectedAtNs, c.DisconnectedAtNs))]);
}
