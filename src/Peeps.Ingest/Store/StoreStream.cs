using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Store;

/// <summary>The running write path (<see cref="StorePipeline"/>): the sink every producer writes into, and its end.</summary>
public sealed class StoreStream
{
    private readonly IMaterializer _materializer;
    private int _completing;

    internal StoreStream(Sink<WriteCommand, NotUsed> sink, Task completion, IMaterializer materializer)
    {
        Sink = sink;
        Completion = completion;
        _materializer = materializer;
    }

    public Sink<WriteCommand, NotUsed> Sink { get; }

    /// <summary>Done when the writer has finished its last commit and will not be called again (faulted if the path failed).</summary>
    public Task Completion { get; }

    /// <summary>
    /// Ends the write path behind every command already merged: those are grouped and committed, anything a producer
    /// offers later is not. Call once the producers that matter have finished. Safe to call more than once.
    /// </summary>
    public Task CompleteAsync()
    {
        if (Interlocked.Exchange(ref _completing, 1) == 0)
            Source.Single<WriteCommand>(EndOfStore.Instance).To(Sink).Run(_materializer);
        return Completion;
    }
}
