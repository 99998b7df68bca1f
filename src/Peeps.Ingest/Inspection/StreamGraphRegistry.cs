using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Peeps.Ingest.Metrics;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Inspection;

/// <summary>
/// The live ingest graph: the shared write path and every open connection's flow, with their meters.
/// Connections register when accepted and leave when their stream ends. A timer samples every meter each
/// <see cref="InspectionSettings.SampleInterval"/>, so a snapshot reads rates without touching the hot path.
/// </summary>
public sealed class StreamGraphRegistry : IDisposable
{
    private readonly InspectionSettings _settings;
    private readonly PeepsMetrics _metrics;
    private readonly ConcurrentDictionary<long, ConnectionInspection> _connections = new();
    private readonly Lock _sampling = new();
    private readonly Timer _timer;
    private readonly GcPauseListener _gcPauses;
    private StorePipelineInspection? _store;
    private ImmutableList<InspectedStage> _storeSources = [];
    private long _lastSample = Stopwatch.GetTimestamp();
    private double _windowMs;

    public StreamGraphRegistry(InspectionSettings settings, PeepsMetrics metrics)
    {
        _settings = settings;
        _metrics = metrics;
        _timer = new Timer(_ => Sample(), null, settings.SampleInterval, settings.SampleInterval);
        _gcPauses = GcPauseListener.Start(metrics, new LatencyWindow(settings.CommitWindow, settings.LatencySamples));
    }

    public PeepsMetrics Metrics => _metrics;

    public StorePipelineInspection? Store => Volatile.Read(ref _store);

    public IReadOnlyCollection<ConnectionInspection> Connections => [.. _connections.Values];

    /// <summary>Creates the write path's meters; there is one write path per registry.</summary>
    public StorePipelineInspection AttachStore(IngestSettings settings)
    {
        var store = new StorePipelineInspection(settings, _settings, _metrics, Committed);
        if (Interlocked.CompareExchange(ref _store, store, null) is not null)
            throw new InvalidOperationException("the store pipeline is already attached to this registry");
        return store;
    }

    /// <summary>
    /// Lists a long-lived producer of the store's merge other than a connection (the coordinators' writes), with its
    /// buffer's fill. Returns the meter its stream must feed with what it hands to the merge.
    /// </summary>
    public StageMeter AttachStoreSource(string name, string kind, Func<StageFill> fill)
    {
        var meter = new StageMeter();
        ImmutableInterlocked.Update(ref _storeSources, sources => sources.Add(new InspectedStage(name, kind, null, null, meter, meter, fill)));
        return meter;
    }

    public ConnectionInspection OpenConnection(long connId, IngestSettings settings)
    {
        var connection = new ConnectionInspection(connId, settings, _metrics);
        _connections[connId] = connection;
        _metrics.ConnectionOpened();
        return connection;
    }

    public void CloseConnection(long connId)
    {
        if (_connections.TryRemove(connId, out _)) _metrics.ConnectionClosed();
    }

    /// <summary>Closes the current sample window of every meter. Runs on the timer; callable directly (tests).</summary>
    public void Sample()
    {
        lock (_sampling)
        {
            var now = Stopwatch.GetTimestamp();
            var seconds = Stopwatch.GetElapsedTime(_lastSample, now).TotalSeconds;
            if (seconds <= 0) return;
            foreach (var meter in Meters()) meter.Sample(now, seconds);
            _lastSample = now;
            _windowMs = seconds * 1000;
        }
    }

    public StreamGraphSnapshot Snapshot()
    {
        var connections = _connections.Values.OrderBy(c => c.ConnId).ToArray();
        var store = Store;
        var sources = Volatile.Read(ref _storeSources);
        var stages = connections.SelectMany(c => c.Stages).Concat(sources).Concat(store?.Stages ?? []).Select(ToView).ToArray();
        var edges = new List<StreamGraphSnapshot.Edge>();
        foreach (var connection in connections)
        {
            var flow = connection.Stages.Where(s => s.Kind != "outbound").ToArray();
            for (var i = 1; i < flow.Length; i++) edges.Add(new(flow[i - 1].Name, flow[i].Name));
            if (store is not null) edges.Add(new(connection.LastStageName, StorePipelineInspection.MergeStage));
        }
        if (store is not null)
        {
            foreach (var source in sources) edges.Add(new(source.Name, StorePipelineInspection.MergeStage));
            edges.Add(new(StorePipelineInspection.MergeStage, StorePipelineInspection.GroupStage));
            edges.Add(new(StorePipelineInspection.GroupStage, StorePipelineInspection.WriterStage));
        }
        return new StreamGraphSnapshot(
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Volatile.Read(ref _windowMs),
            stages,
            edges,
            store is null ? null : StorePipelineView(store),
            [.. connections.Select(ConnectionView)])
        {
            Latency = LatencyView(store),
        };
    }

    private IEnumerable<StageMeter> Meters()
    {
        var store = Store;
        var stages = _connections.Values.SelectMany(c => c.Stages).Concat(Volatile.Read(ref _storeSources)).Concat(store?.Stages ?? []);
        return stages.SelectMany(s => new[] { s.In, s.Out, s.Backpressure }).OfType<StageMeter>().Distinct();
    }

    private void Committed(CommitReport report)
    {
        foreach (var cursor in report.Cursors)
            if (_connections.TryGetValue(cursor.ConnId, out var connection)) connection.Committed(cursor);
    }

    private static StreamGraphSnapshot.Stage ToView(InspectedStage stage)
    {
        var fill = stage.Fill?.Invoke();
        return new StreamGraphSnapshot.Stage(
            stage.Name,
            stage.Kind,
            stage.ConnId,
            fill?.Capacity,
            fill?.Current,
            fill?.Unit,
            stage.In?.Elements ?? 0,
            stage.Out?.Elements ?? 0,
            stage.In?.ElementsPerSecond ?? 0,
            stage.Out?.ElementsPerSecond ?? 0,
            stage.Backpressure?.BackpressuredMsInWindow ?? (stage.Backpressure is null ? null : 0),
            stage.Backpressure?.BackpressuredTotal.TotalMilliseconds);
    }

    private StreamGraphSnapshot.StorePipelineBlock StorePipelineView(StorePipelineInspection store)
    {
        var window = store.Window.Read(Stopwatch.GetTimestamp());
        var merge = store.MergeBuffer;
        var group = store.GroupBuffer;
        return new StreamGraphSnapshot.StorePipelineBlock(
            store.QueueDepth,
            merge.Current,
            merge.Capacity,
            store.MergeIn.Attached,
            group.Current,
            group.Capacity,
            store.Committed.Elements,
            store.CommittedCommands,
            store.Committed.Units,
            store.Committed.ElementsPerSecond,
            store.Committed.UnitsPerSecond,
            store.CurrentCommit?.TotalMilliseconds,
            new StreamGraphSnapshot.CommitWindowBlock(
                _settings.CommitWindow.TotalMilliseconds,
                window.Commits,
                window.P50Ms,
                window.P99Ms,
                window.MaxMs,
                window.MeanCommands,
                window.MaxCommands,
                window.MeanWeight,
                window.MaxWeight));
    }

    private StreamGraphSnapshot.LatencyBlock LatencyView(StorePipelineInspection? store)
    {
        var now = Stopwatch.GetTimestamp();
        static StreamGraphSnapshot.StageLatency View(string stage, LatencyStats s) => new(stage, s.Count, s.P50Ms, s.P99Ms, s.MaxMs, s.TotalMs);
        return new StreamGraphSnapshot.LatencyBlock(
            _settings.CommitWindow.TotalMilliseconds,
            store is null ? [] : [.. store.Latency.Read(now).Select(s => View(s.Stage, s.Stats))],
            View("gc_pause", _gcPauses.Window.Read(now)));
    }

    private static StreamGraphSnapshot.Connection ConnectionView(ConnectionInspection connection) => new(
        connection.ConnId,
        connection.ProcessName,
        connection.Pid,
        connection.ConnectedAtUnixMs,
        connection.Read.Units,
        connection.Read.UnitsPerSecond,
        connection.Framed.Elements,
        connection.Framed.ElementsPerSecond,
        connection.Batches,
        connection.Routed.Units,
        connection.Routed.UnitsPerSecond,
        Math.Max(0, connection.Decoded.Elements - connection.Buffered.Elements),
        connection.Stored.BackpressuredMsInWindow,
        [.. connection.Streams.OrderBy(s => s.StreamId, StringComparer.Ordinal)
            .Select(s => new StreamGraphSnapshot.StreamCursors(s.StreamId, s.ReceivedNextSeqNo, s.CommittedNextSeqNo, s.Lag))]);

    public void Dispose()
    {
        _timer.Dispose();
        _gcPauses.Dispose();
    }
}
