using System.Diagnostics;
using System.Diagnostics.Metrics;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Metrics;

/// <summary>
/// Every instrument of the service on one <see cref="Meter"/> named <see cref="MeterName"/>, so dotnet-counters,
/// OpenTelemetry and <c>/metrics</c> see the same figures. No per-connection tags: a fleet would explode the series.
/// </summary>
public sealed class PeepsMetrics
{
    public const string MeterName = "Peeps.Streams";

    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    // Finer below 10 ms than SecondsBuckets: a batch's stages are mostly sub-millisecond, and its stalls are what matter.
    private static readonly double[] LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly long[] CommandBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 16384];

    private readonly Counter<long> _bytes;
    private readonly Counter<long> _frames;
    private readonly Counter<long> _batches;
    private readonly Counter<long> _changes;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _commits;
    private readonly Counter<long> _committedChanges;
    private readonly Counter<long> _coalescedChanges;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<long> _groupCommands;
    private readonly Counter<long> _cuts;
    private readonly Counter<long> _cutAcks;
    private readonly Counter<long> _snapshots;
    private readonly Counter<long> _sqlQueries;
    private readonly Histogram<double> _sqlDuration;
    private readonly Histogram<double> _stageLatency;
    private readonly Histogram<double> _gcPause;
    private readonly Histogram<double> _checkpointDuration;
    private long _walFrames;
    private Func<long> _queueDepth = () => 0;
    private Func<long> _budgetHeld = () => 0;
    private Func<long> _budgetLimit = () => 0;

    public PeepsMetrics(Meter meter)
    {
        Meter = meter;
        _bytes = meter.CreateCounter<long>("peeps.ingest.bytes", "By", "Bytes read from ingest connections");
        _frames = meter.CreateCounter<long>("peeps.ingest.frames", "{frame}", "Frames decoded from ingest connections");
        _batches = meter.CreateCounter<long>("peeps.ingest.batches", "{batch}", "Delta batches received");
        _changes = meter.CreateCounter<long>("peeps.ingest.changes", "{change}", "Changes received in delta batches");
        _connections = meter.CreateUpDownCounter<long>("peeps.ingest.connections", "{connection}", "Open ingest connections");
        _accepted = meter.CreateCounter<long>("peeps.ingest.connections.accepted", "{connection}", "Ingest connections accepted");
        _refused = meter.CreateCounter<long>("peeps.ingest.connections.refused", "{connection}", "Ingest connections closed on arrival, by reason (max_connections, network)");
        _commits = meter.CreateCounter<long>("peeps.store.commits", "{commit}", "Group commits (SQLite transactions) of the writer");
        _committedChanges = meter.CreateCounter<long>("peeps.store.changes", "{change}", "Changes committed to SQLite");
        _coalescedChanges = meter.CreateCounter<long>("peeps.store.changes.coalesced", "{change}",
            "Committed changes whose write was skipped because a later change of the same group superseded it");
        _commitDuration = meter.CreateHistogram("peeps.store.commit.duration", "s", "Time to commit one group, retries included",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _groupCommands = meter.CreateHistogram("peeps.store.group.commands", "{command}", "Commands per group commit",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = CommandBuckets });
        meter.CreateObservableGauge("peeps.store.queue_depth", () => _queueDepth(), "{command}", "Commands accepted by the shared merge and not yet committed");
        meter.CreateObservableGauge("peeps.ingest.uncommitted_bytes", () => _budgetHeld(), "By", "Bytes read off ingest sockets (whole frames reserved at their header) and not yet committed");
        meter.CreateObservableGauge("peeps.ingest.uncommitted_bytes.limit", () => _budgetLimit(), "By",
            "What the ingest budget may hold now: Ingest:MaxUncommittedBytes, or less while the writer's speed bounds it to Ingest:MaxUncommittedTime of work");
        _cuts = meter.CreateCounter<long>("peeps.cuts.recorded", "{cut}", "Cuts recorded");
        _cutAcks = meter.CreateCounter<long>("peeps.cut_acks.recorded", "{ack}", "Cut acknowledgements recorded");
        _snapshots = meter.CreateCounter<long>("peeps.snapshots.recorded", "{snapshot}", "Snapshots recorded");
        _sqlQueries = meter.CreateCounter<long>("peeps.sql.queries", "{query}", "Queries through /api/sql and /api/query, by endpoint and outcome");
        _sqlDuration = meter.CreateHistogram("peeps.sql.query.duration", "s", "Time to answer a query through /api/sql or /api/query",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _stageLatency = meter.CreateHistogram("peeps.ingest.stage.duration", "s",
            "Time a delta batch spent in one stage of the write path (stage: merge, group, writer_queue, commit, total)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _checkpointDuration = meter.CreateHistogram("peeps.store.checkpoint.duration", "s",
            "Time of one WAL checkpoint (kind: background, or between_commits, which holds the writer back for as long)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        meter.CreateObservableGauge("peeps.store.wal_frames", () => Volatile.Read(ref _walFrames), "{page}", "Pages in the write-ahead log at the last checkpoint");
        _gcPause = meter.CreateHistogram("peeps.gc.pause.duration", "s", "Each pause of the garbage collector (threads suspended to restarted)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    public Meter Meter { get; }

    public void BytesRead(long bytes) => _bytes.Add(bytes);

    public void FrameDecoded() => _frames.Add(1);

    public void BatchReceived(int changes)
    {
        _batches.Add(1);
        _changes.Add(changes);
    }

    public void ConnectionOpened()
    {
        _accepted.Add(1);
        _connections.Add(1);
    }

    public void ConnectionClosed() => _connections.Add(-1);

    public void ConnectionRefused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void GroupCommitted(IReadOnlyList<WriteCommand> group, CommitReport report, TimeSpan duration)
    {
        _commits.Add(1);
        _committedChanges.Add(report.Changes);
        _coalescedChanges.Add(report.CoalescedChanges);
        _commitDuration.Record(duration.TotalSeconds);
        _groupCommands.Record(group.Count);
        foreach (var command in group)
        {
            switch (command)
            {
                case CutRecorded: _cuts.Add(1); break;
                case CutAckRecorded: _cutAcks.Add(1); break;
                case SnapshotRecorded: _snapshots.Add(1); break;
            }
        }
    }

    public void SqlQuery(string endpoint, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "outcome", outcome } };
        _sqlQueries.Add(1, tags);
        _sqlDuration.Record(duration.TotalSeconds, tags);
    }

    public void StageLatency(string stage, double seconds) => _stageLatency.Record(seconds, new KeyValuePair<string, object?>("stage", stage));

    public void GcPause(double seconds) => _gcPause.Record(seconds);

    public void Checkpointed(string kind, TimeSpan duration, int logFrames)
    {
        _checkpointDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("kind", kind));
        Volatile.Write(ref _walFrames, logFrames);
    }

    /// <summary>The writer's queue is known only once the store pipeline runs; until then it reads as empty.</summary>
    public void ObserveQueueDepth(Func<long> queueDepth) => _queueDepth = queueDepth;

    public void ObserveIngestBudget(Func<long> held, Func<long> limit)
    {
        _budgetHeld = held;
        _budgetLimit = limit;
    }
}
