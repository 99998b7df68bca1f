namespace Peeps.Cli.Api;

/// <summary><c>GET /api/connections</c>.</summary>
public sealed record ConnectionsResponse(int ConnectedProcesses, IReadOnlyList<ConnectedProcess> Processes) : IApiResponse
{
    public string? FindProblem() => Processes.Any(p => p is null) ? "a null entry in processes" : null;
}

public sealed record ConnectedProcess(long ConnId, string ProcessName, uint Pid);
