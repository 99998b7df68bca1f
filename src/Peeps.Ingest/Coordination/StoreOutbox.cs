using System.Threading.Channels;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Stages;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Coordination;

/// <summary>
/// How the coordinators write cut and snapshot rows: through the same single writer as the delta batches, so
/// they can never collide with it. The coordinators exist before the store pipeline runs, so commands queue
/// here until <see cref="Attach"/> connects the queue to the pipeline's sink.
/// </summary>
public sealed class StoreOutbox(int capacity)
{
    public const string StageName = "coordinator-writes";

    /// <summary>Why a cut or snapshot is refused when its row cannot be queued.</summary>
    public const string OverloadedReason = "the store is overloaded (its write queue is full); try again shortly";

    private readonly Channel<WriteCommand> _queue = Channel.CreateBounded<WriteCommand>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private Task _drained = Task.CompletedTask;

    public int Capacity { get; } = capacity;

    public int Count => _queue.Reader.Count;

    /// <summary>False when the queue is full (the writer has been stalled for a long time); the row was not queued.</summary>
    public bool TryWrite(WriteCommand command) => _queue.Writer.TryWrite(command);

    /// <summary>True once the queue has room again (another writer may take it first); false once it takes no more rows.</summary>
    public Task<bool> WaitForRoomAsync() => _queue.Writer.WaitToWriteAsync().AsTask();

    /// <summary>
    /// At shutdown: takes no more rows, and completes once every row already queued has been handed to the store, so
    /// the store can be ended behind them.
    /// </summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _drained;
    }

    /// <summary>Runs the queue into <paramref name="store"/>, listed in <paramref name="graph"/> as a producer of the store's merge.</summary>
    public void Attach(Sink<WriteCommand, NotUsed> store, IMaterializer materializer, StreamGraphRegistry? graph = null)
    {
        var written = graph?.AttachStoreSource(StageName, "channel_source", () => new StageFill(Count, Capacity, "commands"));
        var source = ChannelSource.FromReader(_queue.Reader).Named(StageName);
        if (written is not null) source = source.Via(new MeterStage<WriteCommand>($"{StageName}-meter", written));
        _drained = source.WatchTermination(Keep.Right).To(store).Run(materializer);
    }
}
