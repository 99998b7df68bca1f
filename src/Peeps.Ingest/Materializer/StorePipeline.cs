using Akka;
using Akka.Event;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Stages;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Materializer;

/// <summary>
/// The shared write path: every connection's commands merge into one hub, are grouped by weight while the
/// writer is busy, and are committed by the single writer on its own thread (<see cref="WriterThread"/>). Returns the hub's sink.
/// </summary>
public static class StorePipeline
{
    public static Sink<WriteCommand, NotUsed> Run(
        IStoreWriter writer,
        IngestSettings settings,
        Action<CommitReport> onCommit,
        ILoggingAdapter log,
        IMaterializer materializer,
        MaterializerInspection inspection)
    {
        var committer = new GroupCommitter(writer, settings.MaxCommitRetryBackoff, log);
        var writerThread = new WriterThread();
        var hub = MergeHub.Source<WriteCommand>(settings.MergeHubBufferPerConnection).Named("store-merge")
            .Via(new MeterStage<WriteCommand>("store-merge-meter", inspection.Merged, Weight))
            .BatchWeighted(
                settings.MaxGroupWeight,
                Weight,
                first => new List<WriteCommand> { first },
                (group, next) => { group.Add(next); return group; })
            .Named("store-group")
            .Via(new MeterStage<List<WriteCommand>>("store-group-meter", inspection.Grouped, MaterializerInspection.GroupWeight))
            // One commit in flight and nothing queued behind it: the next group keeps growing in store-group until
            // the writer is free, so what waits for SQLite is bounded by one group, not by a buffer of groups.
            .SelectAsync(1, group => writerThread.Run(() =>
            {
                var report = inspection.Commit(group, committer.Commit);
                onCommit(report);
                return report;
            }))
            .Named(MaterializerInspection.WriterStage)
            .WatchTermination((hubSink, done) =>
            {
                done.ContinueWith(_ => writerThread.Dispose(), TaskScheduler.Default);
                return hubSink;
            })
            .To(Sink.Ignore<CommitReport>())
            .Run(materializer);
        return Flow.Create<WriteCommand>().Via(new MeterStage<WriteCommand>("store-merge-in-meter", inspection.MergeIn, Weight)).To(hub);
    }

    /// <summary>A group's weight is its change count, plus one per command so bookkeeping rows count too.</summary>
    internal static long Weight(WriteCommand command) =>
        command is DeltaBatchReceived received ? 1 + received.Batch.Changes.Count : 1;
}
