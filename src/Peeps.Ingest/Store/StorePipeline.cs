using Akka;
using Akka.Event;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Stages;
using Peeps.Ingest.Tcp;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Store;

/// <summary>
/// The shared write path: every connection's commands merge into one hub, are grouped while the writer is busy (up to a
/// weight and an expected commit time, <see cref="GroupBudget"/>), and are committed by the single writer on its own thread (<see cref="WriterThread"/>).
/// </summary>
public static class StorePipeline
{
    public static StoreStream Run(
        IStoreWriter writer,
        IngestSettings settings,
        Action<CommitReport> onCommit,
        ILoggingAdapter log,
        IMaterializer materializer,
        StorePipelineInspection inspection,
        IngestByteBudget? bytes = null)
    {
        var committer = new GroupCommitter(writer, settings.MaxCommitRetryBackoff, log);
        var writerThread = new WriterThread();
        var budget = new GroupBudget(settings.MaxGroupWeight, settings.MaxGroupCommitTime);
        var (hub, completion) = MergeHub.Source<WriteCommand>(settings.MergeHubBufferPerConnection).Named("store-merge")
            .TakeWhile(command => command is not EndOfStore)
            .Via(new MeterStage<WriteCommand>("store-merge-meter", inspection.Merged, Weight))
            .SelectMany(CommandBundle.Unpack).Named("store-unbundle")
            .BatchWeighted(
                GroupBudget.Limit,
                budget.Cost,
                first => new TimedGroup(first),
                (group, next) => group.Join(next))
            .Named("store-group")
            .Via(new MeterStage<TimedGroup>("store-group-meter", inspection.Grouped, StorePipelineInspection.GroupWeight))
            // One commit in flight and nothing queued behind it: the next group keeps growing in store-group until
            // the writer is free, so what waits for SQLite is bounded by one group, not by a buffer of groups.
            .SelectAsync(1, group =>
            {
                group.Handed();
                return writerThread.Run(() =>
                {
                    var report = inspection.Commit(group, committer.Commit);
                    budget.Committed(StorePipelineInspection.GroupWeight(group), report.Duration);
                    bytes?.Commit(BudgetBytes(group), report.Duration);
                    onCommit(report);
                    return report;
                });
            })
            .Named(StorePipelineInspection.WriterStage)
            .WatchTermination((hubSink, done) =>
            {
                done.ContinueWith(_ => writerThread.Dispose(), TaskScheduler.Default);
                return (hubSink, done);
            })
            .To(Sink.Ignore<CommitReport>())
            .Run(materializer);
        var sink = Flow.Create<WriteCommand>().Via(new MeterStage<WriteCommand>("store-merge-in-meter", inspection.MergeIn, Weight)).To(hub);
        return new StoreStream(sink, completion, materializer);
    }

    private static long BudgetBytes(TimedGroup group)
    {
        long bytes = 0;
        foreach (var command in group)
            if (command is DeltaBatchReceived received) bytes += received.BudgetBytes;
        return bytes;
    }

    /// <summary>A group's weight is its change count, plus one per command so bookkeeping rows count too.</summary>
    internal static long Weight(WriteCommand command) => command switch
    {
        DeltaBatchReceived received => 1 + received.Batch.Changes.Count,
        CommandBundle bundle => bundle.Commands.Sum(Weight),
        _ => 1,
    };
}
