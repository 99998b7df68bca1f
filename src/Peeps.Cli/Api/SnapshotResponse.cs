using System.Text.Json;

namespace Peeps.Cli.Api;

/// <summary><c>POST /api/snapshot</c>: every process that answered, and those that did not in time.</summary>
public sealed record SnapshotResponse(long CapturedAtUnixMs, IReadOnlyList<ProcessSnapshot> Processes, IReadOnlyList<TimedOutProcess> TimedOutProcesses)
    : IApiResponse
{
    public string? FindProblem() =>
        Processes.Any(p => p is null) ? "a null entry in processes"
        : TimedOutProcesses.Any(p => p is null) ? "a null entry in timed_out_processes"
        : null;
}

public sealed record ProcessSnapshot(long ProcessId, string ProcessName, uint Pid, ulong PtimeNowMs, SnapshotContent Snapshot);

/// <summary>
/// Only the counts matter to the CLI; the items stay raw. This part is the runtime's own JSON, passed through by the
/// server, so a list a runtime version does not send counts as empty rather than failing the whole snapshot.
/// </summary>
public sealed record SnapshotContent(
    IReadOnlyList<JsonElement>? Entities = null,
    IReadOnlyList<JsonElement>? Scopes = null,
    IReadOnlyList<JsonElement>? Edges = null,
    IReadOnlyList<JsonElement>? Events = null);

public sealed record TimedOutProcess(long ProcessId, string ProcessName, uint Pid);
