using System.Buffers;
using System.Text.Json;
using Peeps.Ingest.Connections;

namespace Peeps.Ingest.Snapshots;

/// <summary>
/// Writes the <c>POST /api/snapshot</c> body: the contract's members first, then ours. Each process's snapshot is
/// copied as the raw JSON it arrived as, never re-serialized: it can be megabytes, and entity objects must reach
/// the client exactly as the runtime wrote them.
/// </summary>
public static class SnapshotResultJson
{
    /// <param name="extra">Writes further members of ours after the others (cluster mode names the nodes it lacks).</param>
    public static byte[] Write(SnapshotOutcome outcome, Action<Utf8JsonWriter>? extra = null)
    {
        // Summed as long: many replies of up to 8 MiB each pass int's range. The collector keeps no more than
        // Peeps:Snapshots:MaxReplyBytes (validated far below an array's largest size), so the clamp is only a guard.
        var replies = outcome.Answers.Sum(a => (long)(a.Reply.Snapshot?.Length ?? 0));
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(4096 + replies, Array.MaxLength));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("captured_at_unix_ms", outcome.CapturedAtUnixMs);
            json.WriteStartArray("processes");
            foreach (var answer in outcome.Answers)
            {
                if (!HasSnapshot(answer)) continue;
                json.WriteStartObject();
                WriteIdentity(json, answer.Connection);
                json.WriteNumber("ptime_now_ms", answer.Reply.PtimeNowMs);
                WriteRepliedAfter(json, answer);
                json.WritePropertyName("snapshot");
                // The decoder already walked this slice with Utf8JsonReader; validating it again would double the cost.
                json.WriteRawValue(answer.Reply.Snapshot!.Value.Span, skipInputValidation: true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteConnections(json, "timed_out_processes", outcome.TimedOut);
            json.WriteNumber("snapshot_id", outcome.SnapshotId);
            json.WriteNumber("timeout_ms", outcome.TimeoutMs);
            json.WriteStartArray("processes_without_snapshot");
            foreach (var answer in outcome.Answers.Where(a => !HasSnapshot(a)))
            {
                json.WriteStartObject();
                WriteIdentity(json, answer.Connection);
                json.WriteNumber("ptime_now_ms", answer.Reply.PtimeNowMs);
                WriteRepliedAfter(json, answer);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteConnections(json, "disconnected_processes", outcome.Disconnected);
            json.WriteStartArray("too_large_processes");
            foreach (var tooLarge in outcome.TooLarge)
            {
                json.WriteStartObject();
                WriteIdentity(json, tooLarge.Connection);
                json.WriteNumber("ptime_now_ms", tooLarge.PtimeNowMs);
                json.WriteNumber("replied_after_ms", Math.Round(tooLarge.RepliedAfterMs, 3));
                json.WriteNumber("snapshot_bytes", tooLarge.SnapshotBytes);
                json.WriteString("reason", tooLarge.Reason);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("completed_after_ms", Math.Round(outcome.CompletedAfterMs, 3));
            extra?.Invoke(json);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRepliedAfter(Utf8JsonWriter json, SnapshotAnswer answer) =>
        json.WriteNumber("replied_after_ms", Math.Round(answer.RepliedAfterMs, 3));

    private static bool HasSnapshot(SnapshotAnswer answer) => answer.Reply.Snapshot is { Length: > 0 };

    private static void WriteConnections(Utf8JsonWriter json, string name, IEnumerable<LiveConnection> connections)
    {
        json.WriteStartArray(name);
        foreach (var connection in connections)
        {
            json.WriteStartObject();
            WriteIdentity(json, connection);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteIdentity(Utf8JsonWriter json, LiveConnection connection)
    {
        json.WriteNumber("process_id", connection.ConnId);
        json.WriteString("process_name", connection.ProcessName);
        json.WriteNumber("pid", connection.Pid);
    }
}
