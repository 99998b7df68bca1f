namespace Peeps.Cli.Api;

/// <summary><c>GET /api/graph?at=</c>: the processes rebuilt at the instant and those whose history is gone.</summary>
public sealed record GraphAtResponse(long AtNs, IReadOnlyList<RebuiltProcess> Processes, IReadOnlyList<ProcessNotHeld> ProcessesWithoutSnapshot)
    : IApiResponse
{
    public string? FindProblem() =>
        Processes.Any(p => p is null) ? "a null entry in processes"
        : ProcessesWithoutSnapshot.Any(p => p is null) ? "a null entry in processes_without_snapshot"
        : null;
}

public sealed record RebuiltProcess(long ProcessId, string ProcessName, uint Pid, long? StateAgeMs, SnapshotContent Snapshot);

public sealed record ProcessNotHeld(long ProcessId, string ProcessName, uint Pid, string Reason);
