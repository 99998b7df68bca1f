using System.Threading.Channels;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Coordination;

/// <summary>
/// How the coordinators write cut and snapshot rows: through the same single writer as the delta batches, so
/// they can never collide with it. The coordinators exist before the store pipeline runs, so commands queue
/// here until <see cref="Attach"/> connects the queue to the pipeline's sink.
/// </summary>
public sealed class StoreOutbox(int capacity)
{
    private readonly Channel<WriteCommand> _queue = Channel.CreateBounded<WriteCommand>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>False when the queue is full (the writer has been stalled for a long time); the caller logs the loss.</summary>
    public bool TryWrite(WriteCommand command) => _queue.Writer.TryWrite(command);

    public void Attach(Sink<WriteCommand, NotUsed> store, IMaterializer materializer) =>
        ChannelSource.FromReader(_queue.Reader).Named("coordinator-writes").To(store).Run(materializer);
}
