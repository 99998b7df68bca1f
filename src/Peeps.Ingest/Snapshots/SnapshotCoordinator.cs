using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Peeps.Ingest.Coordination;

namespace Peeps.Ingest.Snapshots;

/// <summary>
/// Hands out snapshot ids (journaled, so they never repeat for the life of the database file) and runs each
/// snapshot in its own <see cref="SnapshotCollector"/>, so several can be in flight at once.
/// </summary>
public sealed class SnapshotCoordinator : ReceivePersistentActor
{
    private readonly IActorRef _registry;
    private readonly StoreOutbox _store;
    private readonly SnapshotSettings _settings;
    private long _lastId;

    /// <param name="startId">The highest snapshot id the database file holds, so ids continue even when the journal is new.</param>
    public SnapshotCoordinator(IActorRef registry, StoreOutbox store, SnapshotSettings settings, long startId)
    {
        _registry = registry;
        _store = store;
        _settings = settings;
        _lastId = startId;

        Recover<SnapshotIdReserved>(reserved => _lastId = Math.Max(_lastId, reserved.SnapshotId));
        Command<TakeSnapshot>(take =>
        {
            var replyTo = Sender;
            Persist(new SnapshotIdReserved(_lastId + 1), reserved =>
            {
                _lastId = reserved.SnapshotId;
                Context.ActorOf(
                    SnapshotCollector.Props(reserved.SnapshotId, take.Timeout, replyTo, _registry, _store, _settings.RegistryTimeout),
                    $"snapshot-{reserved.SnapshotId}");
                if (LastSequenceNr % _settings.JournalEntriesKept == 0) DeleteMessages(LastSequenceNr - 1);
            });
        });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failure => Context.GetLogger().Warning("could not trim the snapshot id journal: {0}", failure.Cause.Message));
    }

    public override string PersistenceId => "peeps-snapshot-ids";

    public static Props Props(IActorRef registry, StoreOutbox store, SnapshotSettings settings, long startId) =>
        Akka.Actor.Props.Create(() => new SnapshotCoordinator(registry, store, settings, startId));
}
