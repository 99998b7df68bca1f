using System.Buffers;
using System.Text.Json;

namespace Peeps.Storage.History;

/// <summary>
/// Writes a rebuilt graph in the shape of a <c>POST /api/snapshot</c> answer, so everything that reads snapshots
/// (the diagnosis above all) reads it unchanged. Members beyond the contract say that it was rebuilt and how old
/// each process's state is. Entities, scopes, edges and events are the JSON the process sent, in a stable order.
/// </summary>
public static class GraphAtDocument
{
    public const string HistoryNotHeld = "history_not_held";

    /// <exception cref="GraphAtTooLargeException">the document would exceed <paramref name="maxBytes"/>.</exception>
    public static byte[] Write(GraphAt graph, long maxBytes)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            void CheckSize()
            {
                if (json.BytesPending + buffer.WrittenCount > maxBytes)
                    throw new GraphAtTooLargeException(
                        $"the graph at {graph.AtNs} is larger than {maxBytes} bytes (Peeps:History:MaxResultBytes); narrow it with process=");
                if (json.BytesPending > 64 * 1024) json.Flush();
            }

            json.WriteStartObject();
            json.WriteNumber("at_ns", graph.AtNs);
            json.WriteNumber("captured_at_unix_ms", graph.AtNs / 1_000_000);
            json.WriteBoolean("rebuilt_from_history", true);
            json.WriteStartArray("processes");
            foreach (var process in graph.Processes.Where(p => p.Held))
                WriteProcess(json, graph.AtNs, process, CheckSize);
            json.WriteEndArray();
            json.WriteStartArray("timed_out_processes");
            json.WriteEndArray();
            json.WriteStartArray("processes_without_snapshot");
            foreach (var process in graph.Processes.Where(p => !p.Held))
            {
                json.WriteStartObject();
                WriteIdentity(json, process);
                json.WriteString("reason", HistoryNotHeld);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            CheckSize();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteIdentity(Utf8JsonWriter json, ProcessAt process)
    {
        json.WriteNumber("process_id", process.ConnId);
        json.WriteString("process_name", process.ProcessName);
        json.WriteNumber("pid", process.Pid);
        json.WriteNumber("connected_at_ns", process.ConnectedAtNs);
    }

    private static void WriteProcess(Utf8JsonWriter json, long atNs, ProcessAt process, Action checkSize)
    {
        json.WriteStartObject();
        WriteIdentity(json, process);
        var clock = process.Streams.Select(s => s.State.Clock).FirstOrDefault(c => c.OffsetMs is not null);
        var ptime = clock.ProcessTimeAt(atNs);
        json.WriteNumber("ptime_now_ms", ptime ?? 0);
        json.WriteBoolean("ptime_now_known", ptime is not null);
        if (process.StateAtNs is { } stateAt)
        {
            json.WriteNumber("state_at_ns", stateAt);
            json.WriteNumber("state_age_ms", (atNs - stateAt) / 1_000_000);
        }
        else
        {
            json.WriteNull("state_at_ns");
            json.WriteNull("state_age_ms");
        }
        json.WriteStartArray("streams");
        foreach (var stream in process.Streams)
        {
            json.WriteStartObject();
            json.WriteString("stream_id", stream.StreamId);
            json.WriteString("status", stream.Status switch
            {
                StreamHistoryStatus.Held => "held",
                StreamHistoryStatus.NoBatchYet => "no_batch_yet",
                _ => HistoryNotHeld,
            });
            WriteOptional(json, "last_batch_id", stream.LastBatchId);
            WriteOptional(json, "next_seq_no", stream.NextSeqNo);
            WriteOptional(json, "checkpoint_batch_id", stream.CheckpointBatchId);
            json.WriteNumber("replayed_batches", stream.ReplayedBatches);
            json.WriteNumber("replayed_changes", stream.ReplayedChanges);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject("snapshot");
        json.WriteStartArray("entities");
        foreach (var (_, value) in Sorted(process.Streams, s => s.Entities))
        {
            json.WriteRawValue(value.Span, skipInputValidation: true);
            checkSize();
        }
        json.WriteEndArray();
        json.WriteStartArray("scopes");
        foreach (var (_, value) in Sorted(process.Streams, s => s.Scopes))
        {
            json.WriteRawValue(value.Span, skipInputValidation: true);
            checkSize();
        }
        json.WriteEndArray();
        json.WriteStartArray("edges");
        var edges = process.Streams.SelectMany(s => s.State.Edges)
            .OrderBy(e => e.Key.Src, StringComparer.Ordinal).ThenBy(e => e.Key.Dst, StringComparer.Ordinal)
            .ThenBy(e => e.Key.KindJson, StringComparer.Ordinal);
        foreach (var (_, value) in edges)
        {
            json.WriteRawValue(value.Span, skipInputValidation: true);
            checkSize();
        }
        json.WriteEndArray();
        json.WriteStartArray("events");
        foreach (var (_, value) in process.Streams.SelectMany(s => s.State.Events).OrderBy(e => e.Key))
        {
            json.WriteRawValue(value.Span, skipInputValidation: true);
            checkSize();
        }
        json.WriteEndArray();
        json.WriteStartArray("entity_scope_links");
        foreach (var (entity, scope) in process.Streams.SelectMany(s => s.State.Links)
                     .OrderBy(l => l.EntityId, StringComparer.Ordinal).ThenBy(l => l.ScopeId, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("entity_id", entity);
            json.WriteString("scope_id", scope);
            json.WriteEndObject();
            checkSize();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static IEnumerable<KeyValuePair<string, ReadOnlyMemory<byte>>> Sorted(
        IEnumerable<RebuiltStream> streams, Func<StreamState, IReadOnlyDictionary<string, ReadOnlyMemory<byte>>> items) =>
        streams.SelectMany(s => items(s.State)).OrderBy(p => p.Key, StringComparer.Ordinal);

    private static void WriteOptional(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
