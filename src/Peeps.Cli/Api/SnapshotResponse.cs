using System.Text.Json;

namespace Peeps.Cli.Api;

/// <summary><c>POST /api/snapshot</c>: every process that answered, and those that did not in time.</summary>
public sealed record SnapshotResponse(long CapturedAtUnixMs, IReadOnlyList<ProcessSnapshot> Processes, IReadOnlyList<TimedOutProcess> TimedOutProcesses);

public sealed record ProcessSnapshot(long ProcessId, string ProcessName, uint Pid, ulong PtimeNowMs, SnapshotContent Snapshot);

/// <summary>Only the counts matter to the CLI; the items stay raw.</summary>
public sealed record SnapshotContent(
    IReadOnlyList<JsonElement> Entities,
    IReadOnlyList<JsonElement> Scopes,
    IReadOnlyList<JsonElement> Edges,
    IReadOnlyList<JsonElement> Events);

public sealed record TimedOutProcess(long ProcessId, string ProcessName, uint Pid);
