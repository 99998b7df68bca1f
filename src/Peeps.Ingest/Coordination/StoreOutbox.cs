using System.Threading.Channels;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Stages;
using Peeps.Ingest.Store;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Coordination;

/// <summary>
/// How the coordinators write cut and snapshot rows: through the same single writer as the delta batches, so
/// they can never collide with it. The coordinators exist before the store pipeline runs, so commands queue
/// here until <see cref="Attach"/> connects the queue to the pipeline's sink.
/// </summary>
/// <remarks>
/// Rows the server has already answered for (acks) are held here when the queue is full, not in the actor that
/// wrote them: a coordinator that restarts or stops would otherwise take them with it.
/// </remarks>
public sealed class StoreOutbox(int capacity, int maxHeld = 10_000)
{
    public const string StageName = "coordinator-writes";

    /// <summary>
    /// Most rows one element of the store's merge carries (<see cref="CommandBundle"/>): a cut of this many runtimes
    /// goes in as one element, and what a bundle holds past the queue's capacity stays this small.
    /// </summary>
    public const int RowsPerElement = 256;

    /// <summary>Why a cut or snapshot is refused when its row cannot be queued.</summary>
    public const string OverloadedReason = "the store is overloaded (its write queue is full); try again shortly";

    private readonly Channel<WriteCommand> _queue = Channel.CreateBounded<WriteCommand>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    // Guards the held rows and the flags below; the pump moves held rows into the queue as it gains room.
    private readonly Queue<WriteCommand> _held = new();
    private bool _pumping;
    private bool _closed;
    private Task _pump = Task.CompletedTask;

    // Completed with the store's drain once Attach runs; CompleteAsync must not read a drain that is not there yet.
    private readonly TaskCompletionSource<Task> _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Capacity { get; } = capacity;

    /// <summary>How many rows <see cref="Hold"/> keeps while the queue is full (<c>Peeps:Cuts:MaxHeldAckRows</c>).</summary>
    public int MaxHeld { get; } = maxHeld;

    public int Count => _queue.Reader.Count;

    public int HeldCount
    {
        get
        {
            lock (_held) return _held.Count;
        }
    }

    /// <summary>False when the queue is full (the writer has been stalled for a long time); the row was not queued.</summary>
    public bool TryWrite(WriteCommand command) => _queue.Writer.TryWrite(command);

    /// <summary>
    /// Queues a row that must not be refused, behind any rows already held; when the queue is full it is held and
    /// moved in as room appears. Returns a row that will not reach the database, or null: the oldest held row when
    /// <see cref="MaxHeld"/> are already held, or <paramref name="command"/> itself once the outbox is closed.
    /// </summary>
    public WriteCommand? Hold(WriteCommand command)
    {
        lock (_held)
        {
            if (_closed) return command;
            if (_held.Count == 0 && _queue.Writer.TryWrite(command)) return null;
            var dropped = _held.Count >= MaxHeld ? _held.Dequeue() : null;
            _held.Enqueue(command);
            if (!_pumping)
            {
                _pumping = true;
                _pump = Task.Run(PumpAsync);
            }
            return dropped;
        }
    }

    /// <summary>
    /// At shutdown: moves every held row in, then takes no more rows, and completes once every row queued has been
    /// handed to the store, so the store can be ended behind them. Before <see cref="Attach"/> there is no store to
    /// hand them to, so it waits for one; callers bound the wait.
    /// </summary>
    public async Task CompleteAsync()
    {
        while (true)
        {
            Task pump;
            lock (_held)
            {
                if (!_pumping)
                {
                    _closed = true;
                    _queue.Writer.TryComplete();
                    break;
                }
                pump = _pump;
            }
            await pump.ConfigureAwait(false);
        }
        await (await _attached.Task.ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Runs the queue into <paramref name="store"/>, listed in <paramref name="graph"/> as a producer of the store's merge.</summary>
    public void Attach(Sink<WriteCommand, NotUsed> store, IMaterializer materializer, StreamGraphRegistry? graph = null)
    {
        var written = graph?.AttachStoreSource(StageName, "channel_source", () => new StageFill(Count, Capacity, "commands"));
        var source = ChannelSource.FromReader(_queue.Reader).Named(StageName);
        if (written is not null) source = source.Via(new MeterStage<WriteCommand>($"{StageName}-meter", written));
        var bundled = source
            .Batch(RowsPerElement, first => new List<WriteCommand> { first }, (rows, next) =>
            {
                rows.Add(next);
                return rows;
            })
            .Select(rows => rows.Count == 1 ? rows[0] : new CommandBundle(rows))
            .Named($"{StageName}-bundle");
        _attached.SetResult(bundled.WatchTermination(Keep.Right).To(store).Run(materializer));
    }

    private async Task PumpAsync()
    {
        while (await _queue.Writer.WaitToWriteAsync().ConfigureAwait(false))
        {
            lock (_held)
            {
                while (_held.TryPeek(out var next) && _queue.Writer.TryWrite(next)) _held.Dequeue();
                if (_held.Count == 0)
                {
                    _pumping = false;
                    return;
                }
            }
        }
        lock (_held) _pumping = false;
    }
}
