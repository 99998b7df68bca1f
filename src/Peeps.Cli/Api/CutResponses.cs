namespace Peeps.Cli.Api;

/// <summary><c>POST /api/cuts</c>.</summary>
public sealed record CutCreated(string CutId, long RequestedAtNs, int RequestedConnections) : IApiResponse;

/// <summary><c>GET /api/cuts/{cut_id}</c>; the cut is complete when <see cref="PendingConnections"/> is 0.</summary>
/// <param name="CompletedAtNs">Peeps.Streams only (null from the upstream server): when the last connection stopped pending.</param>
public sealed record CutStatus(string CutId, long RequestedAtNs, int PendingConnections, int AckedConnections, IReadOnlyList<long> PendingConnIds, long? CompletedAtNs = null)
    : IApiResponse
{
    /// <summary>How long the cut took by the server's clock, or null when the server does not say.</summary>
    public TimeSpan? Took => CompletedAtNs is { } completed ? TimeSpan.FromTicks((completed - RequestedAtNs) / 100) : null;
}
