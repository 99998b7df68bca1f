using Peeps.Ingest.Inspection;
using Peeps.Web.SelfReport;

namespace Peeps.EndToEnd.Tests.SelfReport;

/// <summary>Hand-built samples of the stream graph, shaped like the ones <c>StreamGraphRegistry</c> takes.</summary>
internal static class PipelineSamples
{
    public const double WindowMs = 1000;

    public static readonly DateTimeOffset ProcessStart = DateTimeOffset.UtcNow.AddMinutes(-5);

    public static PipelineTranslator Translator(int maxEntities = 512, double backpressuredFraction = 0.5) =>
        new(new SelfReportSettings { MaxEntities = maxEntities, BackpressuredFraction = backpressuredFraction }, new ProcessClock(ProcessStart));

    public static StreamGraphSnapshot.Stage Stage(
        string name, string kind, long? connId = null, long? capacity = null, long? fill = null, string? unit = null, double? backpressuredMs = 0) =>
        new(name, kind, connId, capacity, fill, unit, 0, 0, 0, 0, backpressuredMs, backpressuredMs);

    public static StreamGraphSnapshot.Stage[] Store(long mergeFill = 0, long groupFill = 0, double groupBackpressuredMs = 0) =>
    [
        Stage("store-merge", "merge_hub", capacity: 32, fill: mergeFill, unit: "commands"),
        Stage("store-group", "batch_weighted", capacity: 8192, fill: groupFill, unit: "weight", backpressuredMs: groupBackpressuredMs),
        Stage("store-writer", "sqlite_writer", capacity: 1, fill: 0, unit: "groups", backpressuredMs: null),
    ];

    /// <summary>A connection's eight stages; only its buffer has a fill, only its close stage's backpressure is set.</summary>
    public static StreamGraphSnapshot.Stage[] Connection(long connId, long bufferFill = 0, double closeBackpressuredMs = 0) =>
    [
        Stage($"conn-{connId}-idle", "idle_timeout", connId),
        Stage($"conn-{connId}-frame-read", "frame_read_timeout", connId, backpressuredMs: null),
        Stage($"conn-{connId}-framing", "framing", connId),
        Stage($"conn-{connId}-decode", "decode", connId),
        Stage($"conn-{connId}-buffer", "buffer", connId, capacity: 4, fill: bufferFill, unit: "messages"),
        Stage($"conn-{connId}-route", "route", connId),
        Stage($"conn-{connId}-close", "emit_on_termination", connId, backpressuredMs: closeBackpressuredMs),
        Stage($"conn-{connId}-outbound", "outbound", connId),
    ];

    public static IEnumerable<StreamGraphSnapshot.Edge> StoreEdges() =>
        [new("store-merge", "store-group"), new("store-group", "store-writer")];

    public static IEnumerable<StreamGraphSnapshot.Edge> ConnectionEdges(long connId)
    {
        string[] flow = ["idle", "frame-read", "framing", "decode", "buffer", "route", "close"];
        for (var i = 1; i < flow.Length; i++) yield return new($"conn-{connId}-{flow[i - 1]}", $"conn-{connId}-{flow[i]}");
        yield return new($"conn-{connId}-close", "store-merge");
    }

    public static StreamGraphSnapshot.Connection Runtime(long connId, string? processName = null, uint? pid = null) =>
        new(connId, processName, pid, ProcessStart.AddMinutes(1).ToUnixTimeMilliseconds(), 0, 0, 0, 0, 0, 0, 0, 0, 0, []);

    public static StreamGraphSnapshot Graph(
        IEnumerable<StreamGraphSnapshot.Stage> stages,
        IEnumerable<StreamGraphSnapshot.Edge> edges,
        params StreamGraphSnapshot.Connection[] connections) =>
        new(0, WindowMs, [.. stages], [.. edges], null, connections);

    /// <summary>The store plus the given connections, with every link between them.</summary>
    public static StreamGraphSnapshot Pipeline(params long[] connIds) => Graph(
        [.. connIds.SelectMany(id => Connection(id)), .. Store()],
        [.. connIds.SelectMany(ConnectionEdges), .. StoreEdges()],
        [.. connIds.Select(id => Runtime(id))]);
}
