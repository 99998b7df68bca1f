using System.Text.Json;

namespace Peeps.WebConsole.Tests;

/// <summary>Reading the snapshot JSON the console received (POST /api/snapshot).</summary>
public static class SnapshotJson
{
    public static int EntityCount(JsonElement snapshot) =>
        snapshot.GetProperty("processes").EnumerateArray().Sum(p => p.GetProperty("snapshot").GetProperty("entities").GetArrayLength());

    /// <summary>The snapshot's process_id for a process name: node keys in the page are "process_id/entity id".</summary>
    public static string ProcessId(JsonElement snapshot, string processName) =>
        snapshot.GetProperty("processes").EnumerateArray()
            .Single(p => p.GetProperty("process_name").GetString() == processName)
            .GetProperty("process_id").ToString();
}
