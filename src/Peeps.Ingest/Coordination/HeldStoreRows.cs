using Akka.Actor;
using Akka.Event;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Coordination;

/// <summary>
/// Rows an actor must not lose when <see cref="StoreOutbox"/> is full: held in order and queued once it has room,
/// which the outbox signals to the owner as <see cref="StoreHasRoom"/>. Bounded; past the bound the oldest goes.
/// Use it from the owning actor only.
/// </summary>
public sealed class HeldStoreRows(StoreOutbox store, int maxHeld, ILoggingAdapter log)
{
    private readonly Queue<WriteCommand> _held = new();
    private bool _awaitingRoom;

    public int Count => _held.Count;

    /// <summary>Queues <paramref name="command"/> behind any rows already held, holding it when the outbox is full.</summary>
    public void Write(WriteCommand command, IActorRef owner)
    {
        if (_held.Count == 0 && store.TryWrite(command)) return;
        if (_held.Count >= maxHeld)
            log.Error("the store's queue has been full for {0} held rows; {1} is dropped and will not be in the database", maxHeld, _held.Dequeue());
        _held.Enqueue(command);
        AwaitRoom(owner);
    }

    /// <summary>The owner's handler of <see cref="StoreHasRoom"/>.</summary>
    public void OnRoom(IActorRef owner)
    {
        _awaitingRoom = false;
        while (_held.TryPeek(out var next) && store.TryWrite(next)) _held.Dequeue();
        if (_held.Count > 0) AwaitRoom(owner);
    }

    private void AwaitRoom(IActorRef owner)
    {
        if (_awaitingRoom) return;
        _awaitingRoom = true;
        store.WaitForRoomAsync().ContinueWith(room =>
        {
            // A closed outbox (shutdown) never has room again: asking again would spin.
            if (room.IsCompletedSuccessfully && !room.Result)
                log.Warning("the store stopped taking rows (shutdown); the rows still held will not be in the database");
            else
                owner.Tell(StoreHasRoom.Instance);
        }, TaskScheduler.Default);
    }
}
