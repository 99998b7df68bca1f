namespace Peeps.Cli.Api;

/// <summary><c>GET /api/connections</c>.</summary>
public sealed record ConnectionsResponse(int ConnectedProcesses, IReadOnlyList<ConnectedProcess> Processes);

public sealed record ConnectedProcess(long ConnId, string ProcessName, uint Pid);
