using System.Diagnostics;
using Peeps.Ingest.Store;
using Peeps.Ingest.Metrics;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Inspection;

/// <summary>
/// The meters of the shared write path (merge, group, writer) and what the writer reports of each commit.
/// The merge's input meter is shared by every producer, so it counts all commands, the coordinators' included.
/// </summary>
public sealed class StorePipelineInspection
{
    public const string MergeStage = "store-merge";
    public const string GroupStage = "store-group";
    public const string WriterStage = "store-writer";

    private readonly IngestSettings _settings;
    private readonly PeepsMetrics _metrics;
    private readonly Action<CommitReport> _onCommitted;
    private long _committedCommands;
    private long _committingSince;

    internal StorePipelineInspection(IngestSettings settings, InspectionSettings inspection, PeepsMetrics metrics, Action<CommitReport> onCommitted)
    {
        _settings = settings;
        _metrics = metrics;
        _onCommitted = onCommitted;
        Window = new CommitWindow(inspection.CommitWindow, inspection.CommitWindowSamples);
        Latency = new PipelineLatency(inspection, metrics);
        Stages =
        [
            new InspectedStage(MergeStage, "merge_hub", null, MergeIn, Merged, Merged, () => MergeBuffer),
            new InspectedStage(GroupStage, "batch_weighted", null, Merged, Grouped, Grouped, () => GroupBuffer),
            new InspectedStage(WriterStage, "sqlite_writer", null, Taken, Committed, null, () => WriterBuffer),
        ];
        metrics.ObserveQueueDepth(() => QueueDepth);
    }

    /// <summary>Commands entering the merge from any producer; units are group weight.</summary>
    public StageMeter MergeIn { get; } = new(tracksBackpressure: false);

    /// <summary>Commands out of the merge into grouping; units are group weight.</summary>
    public StageMeter Merged { get; } = new();

    /// <summary>Groups handed to the writer stage; units are group weight.</summary>
    public StageMeter Grouped { get; } = new();

    /// <summary>Groups the writer has started; units are commands.</summary>
    public StageMeter Taken { get; } = new(tracksBackpressure: false);

    /// <summary>Groups committed; units are changes.</summary>
    public StageMeter Committed { get; } = new(tracksBackpressure: false);

    public CommitWindow Window { get; }

    public PipelineLatency Latency { get; }

    public IReadOnlyList<InspectedStage> Stages { get; }

    /// <summary>Commands inside the hub; its capacity is the per-producer buffer times the producers attached now.</summary>
    public StageFill MergeBuffer =>
        new(Math.Max(0, MergeIn.Elements - Merged.Elements), (long)_settings.MergeHubBufferPerConnection * MergeIn.Attached, "commands");

    /// <summary>Weight of the group being built while the writer is busy.</summary>
    public StageFill GroupBuffer => new(Math.Max(0, Merged.Units - Grouped.Units), _settings.MaxGroupWeight, "weight");

    /// <summary>A finished group handed to the writer thread and not yet started (the stage holds at most one).</summary>
    public StageFill WriterBuffer => new(Math.Max(0, Grouped.Elements - Taken.Elements), 1, "groups");

    /// <summary>Commands accepted by the merge and not yet committed, wherever they wait.</summary>
    public long QueueDepth => Math.Max(0, MergeIn.Elements - Volatile.Read(ref _committedCommands));

    public long CommittedCommands => Volatile.Read(ref _committedCommands);

    /// <summary>How long the commit in progress has been running; null when the writer is idle.</summary>
    public TimeSpan? CurrentCommit
    {
        get
        {
            var since = Volatile.Read(ref _committingSince);
            return since == 0 ? null : Stopwatch.GetElapsedTime(since);
        }
    }

    public static long GroupWeight(IReadOnlyList<WriteCommand> group)
    {
        long weight = 0;
        foreach (var command in group) weight += StorePipeline.Weight(command);
        return weight;
    }

    /// <summary>Runs one commit on the writer thread, timing it and recording what it wrote.</summary>
    internal CommitReport Commit(TimedGroup group, Func<IReadOnlyList<WriteCommand>, CommitReport> commit)
    {
        Taken.OnElement(group.Count);
        var started = Stopwatch.GetTimestamp();
        Volatile.Write(ref _committingSince, started);
        var report = commit(group);
        var finished = Stopwatch.GetTimestamp();
        Volatile.Write(ref _committingSince, 0);
        var duration = Stopwatch.GetElapsedTime(started, finished);
        Committed.OnElement(report.Changes);
        Interlocked.Add(ref _committedCommands, group.Count);
        Window.Add(finished, duration, group.Count, GroupWeight(group));
        _metrics.GroupCommitted(group, report, duration);
        Latency.Committed(group, started, finished);
        _onCommitted(report);
        return report;
    }
}
