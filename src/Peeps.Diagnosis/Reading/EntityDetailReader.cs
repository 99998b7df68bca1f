using System.Text.Json;
using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Reading;

/// <summary>
/// Finds one entity in a snapshot document with everything the process said about it (meta, source, edges both ways,
/// events), which the diagnosis itself does not keep. One lookup, so a plain document parse is fine.
/// </summary>
public static class EntityDetailReader
{
    /// <param name="maxEvents">The newest events kept; events of a busy entity can be thousands.</param>
    public static EntityDetail? Find(ReadOnlyMemory<byte> json, long connId, string entityId, int maxEvents)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("processes", out var processes) || processes.ValueKind != JsonValueKind.Array) return null;
        foreach (var process in processes.EnumerateArray())
        {
            if (!process.TryGetProperty("process_id", out var id) || !id.TryGetInt64(out var conn) || conn != connId) continue;
            if (!process.TryGetProperty("snapshot", out var snapshot) || snapshot.ValueKind != JsonValueKind.Object) return null;
            var entity = Array(snapshot, "entities").FirstOrDefault(e => Text(e, "id") == entityId);
            if (entity.ValueKind == JsonValueKind.Undefined) return null;
            var edges = Array(snapshot, "edges").Where(e => Text(e, "src") == entityId || Text(e, "dst") == entityId).Select(e => e.Clone()).ToList();
            var events = Array(snapshot, "events")
                .Where(e => e.TryGetProperty("target", out var target) && target.ValueKind == JsonValueKind.Object && Text(target, "entity") == entityId)
                .TakeLast(maxEvents)
                .Select(e => e.Clone())
                .ToList();
            var identity = new ProcessRef(conn, Text(process, "process_name") ?? "", process.TryGetProperty("pid", out var pid) && pid.TryGetInt64(out var p) ? p : 0);
            var ptime = process.TryGetProperty("ptime_now_ms", out var now) && now.TryGetInt64(out var t) ? t : 0;
            return new EntityDetail(identity, ptime, entity.Clone(), edges, events);
        }
        return null;
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
