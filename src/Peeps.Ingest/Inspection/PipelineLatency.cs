using System.Diagnostics;
using Peeps.Ingest.Store;
using Peeps.Ingest.Metrics;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Inspection;

/// <summary>
/// Where a delta batch's time goes between its decoding and its commit, stage by stage, measured on every batch:
/// <c>merge</c> (connection flow and shared merge, until it joins a group), <c>group</c> (in the forming group while
/// the previous commit runs), <c>writer_queue</c> (handed to the writer thread, not yet started), <c>commit</c> (the
/// transaction, checkpoint work on the writer included) and <c>total</c>. A committed batch is readable at once (WAL),
/// so <c>total</c> is receipt to visible, less the reader's own query time (<c>peeps.sql.query.duration</c>).
/// </summary>
public sealed class PipelineLatency
{
    public const string Merge = "merge";
    public const string Group = "group";
    public const string WriterQueue = "writer_queue";
    public const string Commit = "commit";
    public const string Total = "total";

    public static IReadOnlyList<string> Stages { get; } = [Merge, Group, WriterQueue, Commit, Total];

    private readonly PeepsMetrics _metrics;
    private readonly LatencyWindow[] _windows;

    internal PipelineLatency(InspectionSettings settings, PeepsMetrics metrics)
    {
        _metrics = metrics;
        _windows = [.. Stages.Select(_ => new LatencyWindow(settings.CommitWindow, settings.LatencySamples))];
    }

    /// <summary>Per-stage percentiles over the inspection's commit window, in <see cref="Stages"/> order.</summary>
    public IReadOnlyList<(string Stage, LatencyStats Stats)> Read(long now) =>
        [.. Stages.Select((stage, i) => (stage, _windows[i].Read(now)))];

    /// <summary>Called on the writer thread once a group has committed.</summary>
    internal void Committed(TimedGroup group, long commitStarted, long committed)
    {
        for (var i = 0; i < group.Count; i++)
        {
            if (group[i] is not DeltaBatchReceived { ReceivedTimestamp: > 0 and var received }) continue;
            var joined = group.JoinedAt[i];
            Record(0, committed, received, joined);
            Record(1, committed, joined, group.HandedAt);
            Record(2, committed, group.HandedAt, commitStarted);
            Record(3, committed, commitStarted, committed);
            Record(4, committed, received, committed);
        }
    }

    private void Record(int stage, long now, long from, long to)
    {
        var ms = Math.Max(0, Stopwatch.GetElapsedTime(from, to).TotalMilliseconds);
        _windows[stage].Add(now, ms);
        _metrics.StageLatency(Stages[stage], ms / 1000);
    }
}
