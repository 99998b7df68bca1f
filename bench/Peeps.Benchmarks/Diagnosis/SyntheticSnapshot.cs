using System.Text.Json;

namespace Peeps.Benchmarks.Diagnosis;

/// <summary>
/// A snapshot document the size the diagnosis target names (64 processes, 100,000 entities, 200,000 edges), shaped
/// like busy runtimes: mostly futures, with locks, channels and RPCs across processes, long chains, fan-in on shared
/// resources and a few real cycles. Seeded, so every run diagnoses the same graph.
/// </summary>
public static class SyntheticSnapshot
{
    public static byte[] Generate(int processes, int entities, int edges, int seed)
    {
        var random = new Random(seed);
        var perProcess = entities / processes;
        var edgesPerProcess = edges / processes;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("captured_at_unix_ms", 1_700_000_000_000);
            json.WriteStartArray("processes");
            for (var p = 0; p < processes; p++) WriteProcess(json, random, p, processes, perProcess, edgesPerProcess);
            json.WriteEndArray();
            json.WriteStartArray("timed_out_processes");
            json.WriteEndArray();
            json.WriteNumber("snapshot_id", 1);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string Id(int process, int index) => $"{process:x4}{index:x12}";

    /// <summary>Entity index i's kind: every tenth a lock, channel end, request or response; the rest futures.</summary>
    private static string KindOf(int index) => (index % 10) switch
    {
        1 => "lock",
        2 => "channel_tx",
        3 => "channel_rx",
        4 => "request",
        5 => "response",
        _ => "future",
    };

    private static void WriteProcess(Utf8JsonWriter json, Random random, int p, int processes, int count, int edgeCount)
    {
        json.WriteStartObject();
        json.WriteNumber("process_id", p + 1);
        json.WriteString("process_name", $"svc-{p:D2}");
        json.WriteNumber("pid", 10_000 + p);
        json.WriteNumber("ptime_now_ms", 600_000);
        json.WriteStartObject("snapshot");
        json.WriteStartArray("entities");
        for (var i = 0; i < count; i++) WriteEntity(json, random, Id(p, i), KindOf(i));
        json.WriteEndArray();
        json.WriteStartArray("scopes");
        json.WriteEndArray();
        json.WriteStartArray("edges");
        var written = 0;
        for (var i = 0; i < count && written < edgeCount; i++)
        {
            switch (KindOf(i))
            {
                case "channel_tx":
                    WriteEdge(json, Id(p, i), Id(p, i + 1), "channel_link");
                    written++;
                    break;
                case "response":
                    // The caller's request: entity i-1 (a request) of the previous process.
                    WriteEdge(json, Id((p + processes - 1) % processes, i - 1), Id(p, i), "rpc_link");
                    written++;
                    break;
            }
        }
        while (written < edgeCount)
        {
            var from = random.Next(count);
            // Mostly forward (chains and fan-in), one in fifty backward (cycles).
            var to = random.Next(50) == 0 ? random.Next(count) : Math.Min(count - 1, from + 1 + random.Next(40));
            WriteEdge(json, Id(p, from), Id(p, to), random.Next(4) == 0 ? "polls" : "needs");
            written++;
        }
        json.WriteEndArray();
        json.WriteStartArray("events");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteEntity(Utf8JsonWriter json, Random random, string id, string kind)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteNumber("birth", random.Next(600_000));
        json.WriteString("source", "src/service/handler.rs:120");
        json.WriteString("name", kind == "future" ? "handler.poll" : $"{kind}.demo");
        json.WritePropertyName("body");
        switch (kind)
        {
            case "future":
                json.WriteStringValue("future");
                break;
            case "lock":
                Variant(json, kind, () => json.WriteString("kind", "mutex"));
                break;
            case "channel_tx" or "channel_rx":
                Variant(json, kind, () =>
                {
                    json.WriteString("lifecycle", "open");
                    json.WriteStartObject("details");
                    json.WriteStartObject("mpsc");
                    json.WriteStartObject("buffer");
                    json.WriteNumber("occupancy", random.Next(9));
                    json.WriteNumber("capacity", 8);
                    json.WriteEndObject();
                    json.WriteEndObject();
                    json.WriteEndObject();
                });
                break;
            default:
                Variant(json, kind, () =>
                {
                    json.WriteString("method", "Svc.call");
                    json.WriteString(kind == "request" ? "args_preview" : "status", kind == "request" ? "()" : "pending");
                });
                break;
        }
        json.WriteStartObject("meta");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Variant(Utf8JsonWriter json, string variant, Action content)
    {
        json.WriteStartObject();
        json.WriteStartObject(variant);
        content();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteEdge(Utf8JsonWriter json, string src, string dst, string kind)
    {
        json.WriteStartObject();
        json.WriteString("src", src);
        json.WriteString("dst", dst);
        json.WriteString("kind", kind);
        json.WriteNull("meta");
        json.WriteEndObject();
    }
}
