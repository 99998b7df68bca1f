using System.Text.Json;
using Peeps.Diagnosis.Model;
using Peeps.Diagnosis.Reading;

namespace Peeps.Diagnosis.Tests.Support;

/// <summary>
/// Writes a snapshot document as the server answers one (JSON), then reads it back with the library's reader, so
/// every test also goes through the reader. Entity bodies follow the wire protocol's shapes.
/// </summary>
public sealed class SnapshotBuilder
{
    private readonly List<ProcessBuilder> _processes = [];
    private readonly List<(long ConnId, string Name)> _timedOut = [];
    private long _capturedAt = 1_700_000_000_000;
    private long? _snapshotId;

    public SnapshotBuilder Id(long snapshotId)
    {
        _snapshotId = snapshotId;
        return this;
    }

    public SnapshotBuilder CapturedAt(long unixMs)
    {
        _capturedAt = unixMs;
        return this;
    }

    public SnapshotBuilder Process(long connId, string name, Action<ProcessBuilder> graph, long ptimeNowMs = 100_000)
    {
        var process = new ProcessBuilder(connId, name, ptimeNowMs);
        graph(process);
        _processes.Add(process);
        return this;
    }

    public SnapshotBuilder TimedOut(long connId, string name)
    {
        _timedOut.Add((connId, name));
        return this;
    }

    public byte[] Json()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("captured_at_unix_ms", _capturedAt);
            json.WriteStartArray("processes");
            foreach (var process in _processes) process.Write(json);
            json.WriteEndArray();
            json.WriteStartArray("timed_out_processes");
            foreach (var (connId, name) in _timedOut)
            {
                json.WriteStartObject();
                json.WriteNumber("process_id", connId);
                json.WriteString("process_name", name);
                json.WriteNumber("pid", 1000 + connId);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (_snapshotId is { } id) json.WriteNumber("snapshot_id", id);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public SnapshotDocument Build() => SnapshotDocumentReader.Read(Json());
}

public sealed class ProcessBuilder(long connId, string name, long ptimeNowMs)
{
    private readonly List<Action<Utf8JsonWriter>> _entities = [];
    private readonly List<(string Src, string Dst, string Kind)> _edges = [];

    /// <summary>Births default to 1 s after process start, so waits are about <c>ptime_now_ms - 1000</c> old.</summary>
    public ProcessBuilder Entity(string id, string name, Action<Utf8JsonWriter> body, long birth = 1000)
    {
        _entities.Add(json =>
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteNumber("birth", birth);
            json.WriteString("source", "src/lib.rs:1");
            json.WriteString("name", name);
            json.WritePropertyName("body");
            body(json);
            json.WriteStartObject("meta");
            json.WriteEndObject();
            json.WriteEndObject();
        });
        return this;
    }

    public ProcessBuilder Future(string id, string? name = null, long birth = 1000) =>
        Entity(id, name ?? id, json => json.WriteStringValue("future"), birth);

    public ProcessBuilder Lock(string id, long birth = 1000) =>
        Entity(id, id, json => Variant(json, "lock", c => c.WriteString("kind", "mutex")), birth);

    public ProcessBuilder Semaphore(string id, long birth = 1000) =>
        Entity(id, id, json => Variant(json, "semaphore", c =>
        {
            c.WriteNumber("max_permits", 2);
            c.WriteNumber("handed_out_permits", 2);
        }), birth);

    public ProcessBuilder Notify(string id) => Entity(id, id, json => Variant(json, "notify", c => c.WriteNumber("waiter_count", 1)));

    public ProcessBuilder NetRead(string id, long birth = 1000) =>
        Entity(id, id, json => Variant(json, "net_read", c => c.WriteString("addr", "10.0.0.1:443")), birth);

    public ProcessBuilder Request(string id, string method = "Svc.call", long birth = 1000) =>
        Entity(id, method, json => Variant(json, "request", c =>
        {
            c.WriteString("method", method);
            c.WriteString("args_preview", "()");
        }), birth);

    public ProcessBuilder Response(string id, string method = "Svc.call", string status = "pending", long birth = 1000) =>
        Entity(id, method, json => Variant(json, "response", c =>
        {
            c.WriteString("method", method);
            c.WriteString("status", status);
        }), birth);

    /// <summary>An mpsc channel end; <paramref name="closedBy"/> makes its lifecycle <c>{"closed": cause}</c>.</summary>
    public ProcessBuilder Channel(string id, bool sender, int occupancy = 0, int? capacity = 8, string? closedBy = null, long birth = 1000) =>
        Entity(id, id, json => Variant(json, sender ? "channel_tx" : "channel_rx", c =>
        {
            if (closedBy is null)
            {
                c.WriteString("lifecycle", "open");
            }
            else
            {
                c.WriteStartObject("lifecycle");
                c.WriteString("closed", closedBy);
                c.WriteEndObject();
            }
            c.WriteStartObject("details");
            c.WriteStartObject("mpsc");
            c.WriteStartObject("buffer");
            c.WriteNumber("occupancy", occupancy);
            if (capacity is { } cap) c.WriteNumber("capacity", cap);
            else c.WriteNull("capacity");
            c.WriteEndObject();
            c.WriteEndObject();
            c.WriteEndObject();
        }), birth);

    public ProcessBuilder Edge(string src, string dst, string kind = "needs")
    {
        _edges.Add((src, dst, kind));
        return this;
    }

    public ProcessBuilder Needs(string src, string dst) => Edge(src, dst);

    internal void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("process_id", connId);
        json.WriteString("process_name", name);
        json.WriteNumber("pid", 1000 + connId);
        json.WriteNumber("ptime_now_ms", ptimeNowMs);
        json.WriteStartObject("snapshot");
        json.WriteStartArray("entities");
        foreach (var entity in _entities) entity(json);
        json.WriteEndArray();
        json.WriteStartArray("scopes");
        json.WriteEndArray();
        json.WriteStartArray("edges");
        foreach (var (src, dst, kind) in _edges)
        {
            json.WriteStartObject();
            json.WriteString("src", src);
            json.WriteString("dst", dst);
            json.WriteString("kind", kind);
            json.WriteNull("meta");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("events");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Variant(Utf8JsonWriter json, string variant, Action<Utf8JsonWriter> content)
    {
        json.WriteStartObject();
        json.WriteStartObject(variant);
        content(json);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
