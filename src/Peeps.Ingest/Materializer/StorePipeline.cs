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
/// writer is busy, and are committed by the single writer on its own thread. Returns the hub's sink.
/// </summary>
public static class StorePipeline
{
    /// <summary>Dispatcher with one dedicated thread: SQLite has one writer and its calls block.</summary>
    public const string WriterDispatcherId = "peeps.writer-dispatcher";

    public const string WriterDispatcherHocon = """
        peeps.writer-dispatcher {
          type = ForkJoinDispatcher
          throughput = 100
          dedicated-thread-pool.thread-count = 1
        }
        """;

    public static Sink<WriteCommand, NotUsed> Run(
        IStoreWriter writer,
        IngestSettings settings,
        Action<CommitReport> onCommit,
        ILoggingAdapter log,
        IMaterializer materializer,
        MaterializerInspection inspection)
    {
        var committer = new GroupCommitter(writer, settings.MaxCommitRetryBackoff, log);
        var hub = MergeHub.Source<WriteCommand>(settings.MergeHubBufferPerConnection).Named("store-merge")
            .Via(new MeterStage<WriteCommand>("store-merge-meter", inspection.Merged, Weight))
            .BatchWeighted(
                settings.MaxGroupWeight,
                Weight,
                first => new List<WriteCommand> { first },
                (group, next) => { group.Add(next); return group; })
            .Named("store-group")
            .Via(new MeterStage<List<WriteCommand>>("store-group-meter", inspection.Grouped, MaterializerInspection.GroupWeight))
            .Async()
            .To(Sink.ForEach<List<WriteCommand>>(group => onCommit(inspection.Commit(group, committer.Commit)))
                .WithAttributes(Attributes.CreateName("store-writer")
                    .And(ActorAttributes.CreateDispatcher(WriterDispatcherId))
                    .And(Attributes.CreateInputBuffer(1, 1))))
            .Run(materializer);
        return Flow.Create<WriteCommand>().Via(new MeterStage<WriteCommand>("store-merge-in-meter", inspection.MergeIn, Weight)).To(hub);
    }

    /// <summary>A group's weight is its change count, plus one per command so bookkeeping rows count too.</summary>
    internal static long Weight(WriteCommand command) =>
        command is DeltaBatchReceived received ? 1 + received.Batch.Changes.Count : 1;
}
