namespace Peeps.Cli.Api;

/// <summary><c>POST /api/cuts</c>.</summary>
public sealed record CutCreated(string CutId, long RequestedAtNs, int RequestedConnections) : IApiResponse;

/// <summary><c>GET /api/cuts/{cut_id}</c>; the cut is complete when <see cref="PendingConnections"/> is 0.</summary>
public sealed record CutStatus(string CutId, long RequestedAtNs, int PendingConnections, int AckedConnections, IReadOnlyList<long> PendingConnIds)
    : IApiResponse;
